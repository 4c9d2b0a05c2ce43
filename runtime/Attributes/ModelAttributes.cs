using System;

namespace SourceGenNet
{
    /// <summary>
    /// Marks a <c>partial class</c> as a network. The generator reads this attribute together with
    /// <see cref="InputAttribute"/>, the <see cref="DenseAttribute"/>s in declaration order and an
    /// optional <see cref="LossAttribute"/>, and emits the class's training and inference code.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class ModelAttribute : Attribute
    {
        /// <summary>An unnamed model is named like Keras names it: <c>sequential</c>, <c>sequential_1</c>, ...</summary>
        public ModelAttribute() { }

        /// <summary>A model with a name of its own (any Unicode text), shown by <c>Summary()</c>.</summary>
        public ModelAttribute(string name) => Name = name;

        /// <summary>The model's name, or null for Keras' automatic name.</summary>
        public string? Name { get; }
    }

    /// <summary>
    /// The shape of one input sample. Several dimensions (<c>[Input(28, 28)]</c>) mean Keras'
    /// <c>Flatten(input_shape=(28, 28))</c>: the sample is read row-major as one vector.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        public InputAttribute(params int[] shape) => Shape = shape;

        /// <summary>The dimensions of one sample.</summary>
        public int[] Shape { get; }
    }

    /// <summary>A fully connected layer: <c>a = activation(x · W + b)</c>, W shaped (inputs, units) as in Keras.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : Attribute
    {
        public DenseAttribute(int units, Activation activation = Activation.Linear)
        {
            Units = units;
            Activation = activation;
        }

        /// <summary>Number of output units.</summary>
        public int Units { get; }

        /// <summary>The activation applied to the layer's output.</summary>
        public Activation Activation { get; }

        /// <summary>The layer's name (any Unicode text); unnamed layers get Keras' names <c>dense</c>, <c>dense_1</c>, ...</summary>
        public string? Name { get; set; }
    }

    /// <summary>
    /// The loss the model trains with. Optional: without it a softmax output trains with sparse
    /// categorical cross-entropy, a sigmoid output with binary cross-entropy, anything else with
    /// mean squared error.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class LossAttribute : Attribute
    {
        public LossAttribute(LossFunction loss) => Loss = loss;

        /// <summary>The loss function.</summary>
        public LossFunction Loss { get; }
    }
}
