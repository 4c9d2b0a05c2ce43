using Microsoft.CodeAnalysis;

namespace SourceGenNet.Generator.Diagnostics
{
    /// <summary>
    /// Every diagnostic SourceGenNet reports, with stable IDs (tracked in AnalyzerReleases.*.md).
    /// Each message says what is wrong and how to fix it.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "SourceGenNet";

        public static readonly DiagnosticDescriptor NotPartial = new(
            "SGN0001", "Network class must be partial",
            "'{0}' must be declared partial (and so must every type it is nested in) so the generator can add the network's code: write 'partial class {0}'",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor MissingInput = new(
            "SGN0002", "Network has no input shape",
            "'{0}' has no [Input(...)]: add one with the shape of a sample, for example [Input(784)] or [Input(28, 28)]",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NonPositiveSize = new(
            "SGN0003", "Sizes must be positive",
            "{0} is {1}: every input dimension and every layer's units must be at least 1",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NoDenseLayer = new(
            "SGN0004", "Network has no layer",
            "'{0}' declares no [Dense(...)] layer: add at least one, the last giving the outputs, for example [Dense(10, Activation.Softmax)]",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor SoftmaxNotLast = new(
            "SGN0005", "Softmax only on the last layer",
            "Layer {0} uses Activation.Softmax but is not the last layer: softmax turns the outputs into class probabilities, so use it only on the output layer (Relu, Tanh or Sigmoid suit hidden layers)",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DuplicateLayerName = new(
            "SGN0006", "Layer names must be unique",
            "Layer name '{0}' is used more than once: give each layer its own name (saved weights and the summary are keyed by it)",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor SplitDeclaration = new(
            "SGN0007", "Network attributes split across partial declarations",
            "The network attributes of '{0}' are spread over several partial declarations, which leaves the layer order undefined: put [Model], [Input], [Dense] and [Loss] on one declaration",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor LossDoesNotPair = new(
            "SGN0008", "Loss does not pair with the output layer",
            "{0} needs {1}, but the last layer is Dense({2}, Activation.{3}): {4}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnsupportedType = new(
            "SGN0009", "Unsupported network type",
            "'{0}' cannot hold a network: {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidLayerName = new(
            "SGN0010", "Invalid layer name",
            "Layer name \"{0}\" {1}: use a non-empty name without '/' (it separates a layer from its weights in saved files), or leave Name unset for Keras' automatic name",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor TooManyParameters = new(
            "SGN0011", "Network too large",
            "'{0}' needs {1} floats in one buffer (its parameters, or one input sample), more than an array holds ({2}): make the input or the layers smaller",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor HasBaseClass = new(
            "SGN0012", "Network class cannot have a base class",
            "'{0}' derives from '{1}', but a network class derives from SourceGenNet.Network<T>, which the generator adds: remove the base class (use composition instead)",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor MissingModelAttribute = new(
            "SGN0013", "Network attributes without [Model]",
            "'{0}' has [Input], [Dense] or [Loss] but no [Model]: add [Model] (or [Model(\"name\")]) so the network is generated",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidModelName = new(
            "SGN0014", "Invalid model name",
            "The model name is empty: give [Model(\"...\")] a name with at least one visible character, or use [Model] for Keras' automatic name",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    

        public static readonly DiagnosticDescriptor UnknownEnumValue = new(
            "SGN0015", "Unknown activation or loss",
            "{0} is ({2}){1}, which is not a {2} value: use one of the named {2} members",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}
