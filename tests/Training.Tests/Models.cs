namespace SourceGenNet.Training.Tests;

// The networks these tests generate and run. Small ones have odd sizes so that a transposed
// index or a swapped dimension cannot hide behind a square matrix; between them they cover every
// hidden activation and every loss, with two and three layers. Support/NetworkCase.cs describes the
// same topologies to the double-precision reference, independently of the generator.

/// <summary>Relu hidden layer, softmax output, sparse categorical cross-entropy (the default for softmax).</summary>
[Model]
[Input(7)]
[Dense(5, Activation.Relu)]
[Dense(3, Activation.Softmax)]
public partial class SparseReluNet;

/// <summary>Three layers (tanh, sigmoid), softmax output, categorical cross-entropy on one-hot targets.</summary>
[Model]
[Input(7)]
[Dense(5, Activation.Tanh)]
[Dense(4, Activation.Sigmoid)]
[Dense(3, Activation.Softmax)]
[Loss(LossFunction.CategoricalCrossentropy)]
public partial class CategoricalTanhNet;

/// <summary>One sigmoid output unit: binary cross-entropy (the default for sigmoid).</summary>
[Model]
[Input(7)]
[Dense(5, Activation.Sigmoid)]
[Dense(1, Activation.Sigmoid)]
public partial class BinaryOneUnitNet;

/// <summary>Three sigmoid output units (multi-label) after a linear hidden layer.</summary>
[Model]
[Input(6)]
[Dense(5, Activation.Linear)]
[Dense(3, Activation.Sigmoid)]
public partial class BinaryThreeUnitNet;

/// <summary>Three layers (relu, relu) and a linear output: mean squared error (the default otherwise).</summary>
[Model]
[Input(7)]
[Dense(6, Activation.Relu)]
[Dense(5, Activation.Relu)]
[Dense(3)]
public partial class RegressionLinearNet;

/// <summary>A tanh output trained with mean squared error (targets in (-1, 1)).</summary>
[Model]
[Input(7)]
[Dense(5, Activation.Linear)]
[Dense(3, Activation.Tanh)]
public partial class RegressionTanhNet;

/// <summary>A softmax output trained with mean squared error: the loss gradient goes through the softmax Jacobian.</summary>
[Model]
[Input(7)]
[Dense(5, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
[Loss(LossFunction.MeanSquaredError)]
public partial class RegressionSoftmaxNet;

/// <summary>One Dense layer only, wide enough (40 inputs) for its kernel gradient to be shared on 3 threads.</summary>
[Model]
[Input(40)]
[Dense(3, Activation.Softmax)]
[Loss(LossFunction.CategoricalCrossentropy)]
public partial class SingleLayerSoftmaxNet;

/// <summary>
/// Three layers with a first layer wide enough (40 inputs) for its kernel gradient to be shared on 3 threads, so that the
/// later layers' parameter gradients travel with it to the last thread (ThreadTeam.CarriedWork).
/// </summary>
[Model]
[Input(40)]
[Dense(9, Activation.Relu)]
[Dense(6, Activation.Tanh)]
[Dense(3, Activation.Linear)]
[Loss(LossFunction.MeanSquaredError)]
public partial class WideFirstRegressionNet;

/// <summary>The tutorial's first model (and, constructed again, its third).</summary>
[Model]
[Input(784)]
[Dense(100, Activation.Sigmoid)]
[Dense(10, Activation.Softmax)]
public partial class TutorialSigmoidModel;

/// <summary>The tutorial's second model: the same layers with names, and a Korean model name.</summary>
[Model("패션 MNIST 모델")]
[Input(784)]
[Dense(100, Activation.Sigmoid, Name = "hidden")]
[Dense(10, Activation.Softmax, Name = "output")]
public partial class TutorialNamedModel;

/// <summary>The tutorial's last model: Flatten(28, 28), Dense(100, relu), Dense(10, softmax).</summary>
[Model]
[Input(28, 28)]
[Dense(100, Activation.Relu)]
[Dense(10, Activation.Softmax)]
public partial class TutorialReluModel;

/// <summary>Three Gaussian blobs in ten dimensions (LearningTests).</summary>
[Model]
[Input(10)]
[Dense(16, Activation.Relu)]
[Dense(3, Activation.Softmax)]
public partial class BlobClassifier;

/// <summary>A binary classifier on separable data (LearningTests).</summary>
[Model]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class BinaryClassifier;

/// <summary>A small regression (LearningTests).</summary>
[Model]
[Input(3)]
[Dense(16, Activation.Tanh)]
[Dense(1)]
public partial class SmallRegressor;
