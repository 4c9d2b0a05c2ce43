using System.Linq;

namespace SourceGenNet.Training.Tests.Summary;

/// <summary>
/// The four <c>model.summary()</c> tables of the tutorial, exactly as Keras printed them
/// (tf.keras 2 layout, 65 columns). Every line ends with '|' here so that an editor trimming
/// trailing spaces cannot change the expectation; <see cref="Text"/> removes the markers and ends
/// each line with '\n', as Keras' <c>print</c> does.
/// </summary>
internal static class TutorialSummaries
{
    /// <summary>The first model: unnamed, so sequential, dense and dense_1.</summary>
    public const string FirstSigmoid = """
        Model: "sequential"|
        _________________________________________________________________|
         Layer (type)                Output Shape              Param #   |
        =================================================================|
         dense (Dense)               (None, 100)               78500     |
                                                                         |
         dense_1 (Dense)             (None, 10)                1010      |
                                                                         |
        =================================================================|
        Total params: 79,510|
        Trainable params: 79,510|
        Non-trainable params: 0|
        _________________________________________________________________|
        """;

    /// <summary>The second: every name given, so no counter moves.</summary>
    public const string NamedKorean = """
        Model: "패션 MNIST 모델"|
        _________________________________________________________________|
         Layer (type)                Output Shape              Param #   |
        =================================================================|
         hidden (Dense)              (None, 100)               78500     |
                                                                         |
         output (Dense)              (None, 10)                1010      |
                                                                         |
        =================================================================|
        Total params: 79,510|
        Trainable params: 79,510|
        Non-trainable params: 0|
        _________________________________________________________________|
        """;

    /// <summary>The first topology built again: the counters continue at sequential_1, dense_2 and dense_3.</summary>
    public const string SecondSigmoid = """
        Model: "sequential_1"|
        _________________________________________________________________|
         Layer (type)                Output Shape              Param #   |
        =================================================================|
         dense_2 (Dense)             (None, 100)               78500     |
                                                                         |
         dense_3 (Dense)             (None, 10)                1010      |
                                                                         |
        =================================================================|
        Total params: 79,510|
        Trainable params: 79,510|
        Non-trainable params: 0|
        _________________________________________________________________|
        """;

    /// <summary>Flatten(28, 28), Dense(100, relu), Dense(10, softmax): flatten counts on its own.</summary>
    public const string FlattenRelu = """
        Model: "sequential_2"|
        _________________________________________________________________|
         Layer (type)                Output Shape              Param #   |
        =================================================================|
         flatten (Flatten)           (None, 784)               0         |
                                                                         |
         dense_4 (Dense)             (None, 100)               78500     |
                                                                         |
         dense_5 (Dense)             (None, 10)                1010      |
                                                                         |
        =================================================================|
        Total params: 79,510|
        Trainable params: 79,510|
        Non-trainable params: 0|
        _________________________________________________________________|
        """;

    /// <summary>The table without its line-end markers, every line ending in '\n'.</summary>
    public static string Text(string marked) =>
        string.Concat(marked.Split('\n').Select(line => line.TrimEnd('\r')[..^1] + "\n"));
}
