using System;

namespace SourceGenNet.Training.Tests.Api;

/// <summary>
/// Bad arguments are rejected with the offending argument named, as the public methods name
/// it, before anything changes. On <see cref="SparseReluNet"/> (7 inputs, 3 classes).
/// </summary>
public class ArgumentTests
{
    private static readonly float[] TwoSamples = new float[14];
    private static readonly int[] TwoLabels = [0, 2];

    private static string? ParamName(Action action) => Assert.ThrowsAny<ArgumentException>(action).ParamName;

    [Fact]
    public void An_input_length_that_is_not_a_multiple_of_the_input_size_names_the_inputs()
    {
        var model = new SparseReluNet();
        float[] ragged = new float[15];

        Assert.Equal("inputs", ParamName(() => model.TrainStep(ragged, TwoLabels)));
        Assert.Equal("inputs", ParamName(() => model.ComputeGradients(ragged, TwoLabels)));
        Assert.Equal("inputs", ParamName(() => model.TestStep(ragged, TwoLabels)));
        Assert.Equal("inputs", ParamName(() => model.Fit(ragged, TwoLabels)));
        Assert.Equal("inputs", ParamName(() => model.Evaluate(ragged, TwoLabels)));
        Assert.Equal("inputs", ParamName(() => model.PredictBatch(ragged)));
        Assert.Equal("input", ParamName(() => model.Predict(new float[6], new float[3])));
        Assert.Equal("output", ParamName(() => model.Predict(new float[7], new float[2])));
        Assert.Equal("outputs", ParamName(() => model.PredictBatch(TwoSamples, new float[5])));
    }

    [Fact]
    public void A_target_count_that_does_not_match_the_samples_names_the_targets()
    {
        var model = new SparseReluNet();
        int[] threeLabels = [0, 1, 2];

        Assert.Equal("targets", ParamName(() => model.TrainStep(TwoSamples, threeLabels)));
        Assert.Equal("targets", ParamName(() => model.Fit(TwoSamples, threeLabels)));
        Assert.Equal("targets", ParamName(() => model.Evaluate(TwoSamples, threeLabels)));
        Assert.Equal("validationData.Targets", ParamName(() => model.Fit(TwoSamples, TwoLabels, validationData: (TwoSamples, threeLabels))));
        // One-hot, binary and regression targets need one value per output unit.
        Assert.Equal("targets", ParamName(() => new BinaryThreeUnitNet().TrainStep(new float[12], new float[2])));
    }

    [Theory]
    [InlineData("TrainStep", 3)]
    [InlineData("TrainStep", -1)]
    [InlineData("Evaluate", 3)]
    [InlineData("Fit", 7)]
    public void A_label_outside_the_classes_names_the_targets_and_changes_nothing(string method, int label)
    {
        var model = new SparseReluNet(seed: 1);
        float[] before = model.Parameters.ToArray();
        int[] labels = [0, label];

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            if (method == "TrainStep") model.TrainStep(TwoSamples, labels);
            else if (method == "Evaluate") model.Evaluate(TwoSamples, labels);
            else model.Fit(TwoSamples, labels, batchSize: 1, shuffle: false);
        });

        Assert.Equal("targets", thrown.ParamName);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Fact]
    public void Empty_data_names_the_inputs()
    {
        var model = new SparseReluNet();

        Assert.Equal("inputs", ParamName(() => model.Fit([], [])));
        Assert.Equal("inputs", ParamName(() => model.TrainStep([], [])));
        Assert.Equal("inputs", ParamName(() => model.Evaluate([], [])));
    }

    [Fact]
    public void A_batch_size_below_one_or_negative_epochs_are_out_of_range()
    {
        var model = new SparseReluNet();

        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(TwoSamples, TwoLabels, batchSize: 0)).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => model.Evaluate(TwoSamples, TwoLabels, batchSize: 0)).ParamName);
        Assert.Equal("epochs", Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(TwoSamples, TwoLabels, epochs: -1)).ParamName);
        Assert.Equal("maxBatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new SparseReluNet(maxBatchSize: 0)).ParamName);
    }

    [Fact]
    public void A_batch_larger_than_MaxBatchSize_names_the_inputs_for_the_steps()
    {
        var model = new SparseReluNet(maxBatchSize: 1);

        Assert.Equal("inputs", ParamName(() => model.TrainStep(TwoSamples, TwoLabels)));
        Assert.Equal("inputs", ParamName(() => model.ComputeGradients(TwoSamples, TwoLabels)));
        Assert.Equal("inputs", ParamName(() => model.TestStep(TwoSamples, TwoLabels)));
    }

    [Fact]
    public void A_null_optimizer_or_dataset_is_rejected()
    {
        var model = new SparseReluNet();

        Assert.Throws<ArgumentNullException>(() => model.Optimizer = null!);
        Assert.Throws<ArgumentNullException>(() => model.Fit(null!, TwoLabels));
        Assert.Throws<ArgumentNullException>(() => model.Fit(TwoSamples, null!));
    }
}
