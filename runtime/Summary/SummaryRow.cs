namespace SourceGenNet;

/// <summary>One layer's line in <see cref="ModelSummary.Format"/>, as Keras' <c>model.summary()</c> shows it.</summary>
/// <param name="Name">The layer's name, e.g. <c>dense</c> or <c>hidden</c>.</param>
/// <param name="LayerType">The layer's class name, e.g. <c>Dense</c> or <c>Flatten</c>.</param>
/// <param name="OutputShape">The output shape as Python prints the tuple, e.g. <c>(None, 100)</c>; see <see cref="ModelSummary.OutputShape"/>.</param>
/// <param name="ParameterCount">How many weights the layer holds (trainable or not), e.g. 78500 for Dense 784→100.</param>
public readonly record struct SummaryRow(string Name, string LayerType, string OutputShape, long ParameterCount);
