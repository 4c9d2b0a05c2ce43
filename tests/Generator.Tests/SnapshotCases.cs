using System.Collections.Generic;
using System.Linq;

namespace SourceGenNet.Generator.Tests;

/// <summary>The declarations whose generated code is kept as reviewed snapshots (Snapshots/NAME.approved.cs).</summary>
public static class SnapshotCases
{
    public static readonly IReadOnlyDictionary<string, string> Sources = new Dictionary<string, string>
    {
        // The tutorial's first model: Dense(100, sigmoid) + Dense(10, softmax), unnamed.
        ["TutorialSigmoid"] = """
            using SourceGenNet;
            namespace Tutorial;
            [Model]
            [Input(784)]
            [Dense(100, Activation.Sigmoid)]
            [Dense(10, Activation.Softmax)]
            public partial class SigmoidModel;
            """,
        // The same model with the tutorial's names, one of them Korean.
        ["TutorialNamed"] = """
            using SourceGenNet;
            namespace Tutorial;
            [Model("패션 MNIST 모델")]
            [Input(784)]
            [Dense(100, Activation.Sigmoid, Name = "hidden")]
            [Dense(10, Activation.Softmax, Name = "output")]
            public partial class NamedModel;
            """,
        // Flatten(input_shape=(28, 28)) + relu, as the design's headline example.
        ["FashionMnist"] = """
            using SourceGenNet;
            namespace Tutorial;
            [Model("패션 MNIST 모델")]
            [Input(28, 28)]
            [Dense(100, Activation.Relu, Name = "hidden")]
            [Dense(10, Activation.Softmax, Name = "output")]
            public partial class FashionMnistModel;
            """,
        // A deeper tanh network trained with mean squared error, linear output.
        ["DeepTanhRegression"] = """
            using SourceGenNet;
            namespace Regression;
            [Model("tanh regressor")]
            [Input(8)]
            [Dense(32, Activation.Tanh)]
            [Dense(16, Activation.Tanh)]
            [Dense(8, Activation.Tanh)]
            [Dense(2)]
            [Loss(LossFunction.MeanSquaredError)]
            public partial class TanhRegressor;
            """,
        // A binary classifier: one sigmoid unit, binary cross-entropy chosen from the activation.
        ["BinaryClassifier"] = """
            using SourceGenNet;
            namespace Binary;
            [Model]
            [Input(20)]
            [Dense(16, Activation.Relu, Name = "features")]
            [Dense(1, Activation.Sigmoid, Name = "probability")]
            public partial class SpamFilter;
            """,
        // Nested in a partial class in the global namespace, one-hot targets, a linear hidden layer.
        ["NestedCategorical"] = """
            using SourceGenNet;
            public static partial class Models
            {
                [Model]
                [Input(4, 3, 2)]
                [Dense(6, Name = "linear")]
                [Dense(3, Activation.Softmax, Name = "은닉 층")]
                [Loss(LossFunction.CategoricalCrossentropy)]
                internal partial class OneHot;
            }
            """,
        // Hidden layers too wide for the stack: single predictions use a per-thread scratch buffer.
        ["WideHidden"] = """
            using SourceGenNet;
            namespace Wide;
            [Model]
            [Input(3)]
            [Dense(20000, Activation.Relu)]
            [Dense(2, Activation.Softmax)]
            public partial class WideModel;
            """,
    };

    public static IEnumerable<object[]> Names => Sources.Keys.Select(name => new object[] { name });
}
