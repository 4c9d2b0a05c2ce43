namespace SourceGenNet.Sample;

/// <summary>What the tutorial reports after 5 epochs (Keras 2 on a CPU, batch 32); NaN where it shows nothing.</summary>
/// <param name="TrainAccuracy">Accuracy of the last training epoch, as the progress line shows it.</param>
/// <param name="ValLoss">Validation loss from <c>evaluate()</c>.</param>
/// <param name="ValAccuracy">Validation accuracy from <c>evaluate()</c>.</param>
public sealed record TutorialFigures(double TrainAccuracy, double ValLoss, double ValAccuracy)
{
    /// <summary>Sigmoid hidden layer, default RMSprop: the tutorial trains it without evaluating it.</summary>
    public static TutorialFigures SigmoidRmsProp { get; } = new(0.8784, double.NaN, double.NaN);

    /// <summary>Flatten + relu, default RMSprop.</summary>
    public static TutorialFigures ReluRmsProp { get; } = new(0.8853, 0.3713, 0.8717);

    /// <summary>Flatten + relu, Adam.</summary>
    public static TutorialFigures ReluAdam { get; } = new(0.8867, 0.3296, 0.8806);

    /// <summary>The tutorial's time per epoch and per step ("about 3-4 s per epoch, 2-3 ms per step").</summary>
    public const string Speed = "3-4 s/epoch, 2-3 ms/step";
}
