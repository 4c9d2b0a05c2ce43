using SourceGenNet;

namespace SourceGenNet.Sample;

/// <summary>The tutorial's first model: <c>Dense(100, 'sigmoid', input_shape=(784,))</c>, <c>Dense(10, 'softmax')</c>.</summary>
[Model]
[Input(784)]
[Dense(100, Activation.Sigmoid)]
[Dense(10, Activation.Softmax)]
public partial class SigmoidModel;

/// <summary>The same model with names, as the tutorial's second way of building it.</summary>
[Model("패션 MNIST 모델")]
[Input(784)]
[Dense(100, Activation.Sigmoid, Name = "hidden")]
[Dense(10, Activation.Softmax, Name = "output")]
public partial class NamedSigmoidModel;

/// <summary><c>Flatten(input_shape=(28, 28))</c>, <c>Dense(100, 'relu')</c>, <c>Dense(10, 'softmax')</c>.</summary>
[Model]
[Input(28, 28)]
[Dense(100, Activation.Relu)]
[Dense(10, Activation.Softmax)]
public partial class ReluModel;
