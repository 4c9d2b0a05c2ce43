namespace SourceGenNet.Benchmarks;

/// <summary>The workload: Flatten 28x28 -> Dense(100, relu) -> Dense(10, softmax), 79,510 parameters.</summary>
[Model("bench")]
[Input(28, 28)]
[Dense(100, Activation.Relu, Name = "hidden")]
[Dense(10, Activation.Softmax, Name = "output")]
public partial class BenchModel;
