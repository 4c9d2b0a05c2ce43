// This file is compiled into both the runtime and the generator (linked), so the enum values the
// generator reads from attribute arguments are, by construction, the ones users write. In the
// generator they are internal, so a compilation that sees both assemblies finds one public type.
namespace SourceGenNet
{
#if SOURCEGENNET_GENERATOR
#pragma warning disable CS1591
#endif
    /// <summary>The activation a <see cref="DenseAttribute"/> layer applies to its output.</summary>
#if SOURCEGENNET_GENERATOR
    internal
#else
    public
#endif
    enum Activation
    {
        /// <summary>No activation: <c>a = z</c> (Keras' <c>linear</c>, the default).</summary>
        Linear = 0,
        /// <summary><c>max(0, z)</c>.</summary>
        Relu = 1,
        /// <summary><c>1 / (1 + e^-z)</c>.</summary>
        Sigmoid = 2,
        /// <summary><c>tanh(z)</c>.</summary>
        Tanh = 3,
        /// <summary>Normalised exponentials over the layer's units; only allowed on the last layer.</summary>
        Softmax = 4,
    }

    /// <summary>The loss a model is trained with (Keras' <c>compile(loss=...)</c>).</summary>
#if SOURCEGENNET_GENERATOR
    internal
#else
    public
#endif
    enum LossFunction
    {
        /// <summary>Integer class labels against a softmax output (Keras' <c>sparse_categorical_crossentropy</c>).</summary>
        SparseCategoricalCrossentropy = 0,
        /// <summary>One-hot (or soft) targets against a softmax output (<c>categorical_crossentropy</c>).</summary>
        CategoricalCrossentropy = 1,
        /// <summary>0/1 targets against sigmoid outputs (<c>binary_crossentropy</c>).</summary>
        BinaryCrossentropy = 2,
        /// <summary>Mean of squared differences (<c>mean_squared_error</c>); pairs with any output.</summary>
        MeanSquaredError = 3,
    }
}
