using System;
using System.IO;
using SourceGenNet.Optimizers;
using SourceGenNet.Training;

namespace SourceGenNet.Runtime.Tests.Shipping;

/// <summary>Keras 3's EarlyStopping and ModelCheckpoint semantics, epoch by epoch.</summary>
public class CallbackTests
{
    private static readonly (float[] X, int[] Y) Train = ShippingData.Classes(48, seed: 1);
    private static readonly (float[] X, int[] Y) Validation = ShippingData.Classes(16, seed: 2);

    /// <summary>Learning rate 0: every epoch's loss is the same, so nothing ever improves after the first.</summary>
    private static History FitFrozen(Callback callback, int epochs = 10)
    {
        TinyClassifier model = ShippingData.Model();
        model.Compile(new Sgd(0f));
        return model.Fit(Train.X, Train.Y, epochs, batchSize: 16, validationData: Validation, callbacks: [callback]);
    }

    [Theory]
    [InlineData(0, 2)]   // the first epoch never stops training, as in Keras
    [InlineData(1, 2)]
    [InlineData(3, 4)]   // Keras' docstring: patience 3 on a flat loss runs 4 epochs
    public void Patience_counts_epochs_without_improvement(int patience, int epochsRun)
    {
        var stopping = new EarlyStopping(patience: patience);
        Assert.Equal(epochsRun, FitFrozen(stopping).Epochs);
        Assert.Equal(epochsRun, stopping.StoppedEpoch);
        Assert.Equal(1, stopping.BestEpoch);
    }

    [Fact]
    public void Improvements_smaller_than_minDelta_do_not_count()
    {
        TinyClassifier model = ShippingData.Model();
        model.Compile(new Adam(0.01f));
        var stopping = new EarlyStopping(monitor: "loss", minDelta: 10, patience: 1);
        History history = model.Fit(Train.X, Train.Y, epochs: 10, batchSize: 16, callbacks: [stopping]);
        Assert.True(history.Loss[1] < history.Loss[0]);   // it did improve, by less than 10
        Assert.Equal(2, history.Epochs);
    }

    [Fact]
    public void Epochs_before_startFromEpoch_are_not_watched()
    {
        var stopping = new EarlyStopping(startFromEpoch: 2);
        Assert.Equal(4, FitFrozen(stopping).Epochs);
        Assert.Equal(3, stopping.BestEpoch);
    }

    [Fact]
    public void An_improvement_that_misses_the_baseline_does_not_reset_the_wait()
    {
        Assert.Equal(3, FitFrozen(new EarlyStopping(patience: 2)).Epochs);
        Assert.Equal(2, FitFrozen(new EarlyStopping(patience: 2, baseline: 0)).Epochs);   // a loss of 0 is never reached
    }

    [Fact]
    public void RestoreBestWeights_puts_back_the_best_epoch_when_stopping_early()
    {
        // Monitoring a falling loss with mode Max makes epoch 1 the best.
        TinyClassifier model = ShippingData.Model();
        var stopping = new EarlyStopping(monitor: "loss", mode: MonitorMode.Max, patience: 2, restoreBestWeights: true);
        History history = model.Fit(Train.X, Train.Y, epochs: 10, batchSize: 16, callbacks: [stopping]);
        Assert.Equal(3, history.Epochs);
        Assert.Equal(Bits(OneEpoch()), Bits(model.Parameters));
    }

    [Fact]
    public void RestoreBestWeights_also_restores_when_training_runs_to_the_end_as_in_Keras_3()
    {
        TinyClassifier model = ShippingData.Model();
        var stopping = new EarlyStopping(monitor: "loss", mode: MonitorMode.Max, patience: 100, restoreBestWeights: true);
        model.Fit(Train.X, Train.Y, epochs: 3, batchSize: 16, callbacks: [stopping]);
        Assert.Equal(0, stopping.StoppedEpoch);
        Assert.Equal(Bits(OneEpoch()), Bits(model.Parameters));
    }

    [Fact]
    public void A_callback_instance_can_serve_two_fits()
    {
        var stopping = new EarlyStopping(patience: 1);
        Assert.Equal(2, FitFrozen(stopping).Epochs);
        Assert.Equal(2, FitFrozen(stopping).Epochs);
    }

    [Fact]
    public void Monitoring_validation_metrics_without_validation_data_is_an_error_not_a_silent_no_op()
    {
        TinyClassifier model = ShippingData.Model();
        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(Train.X, Train.Y, callbacks: [new EarlyStopping()]));
        Assert.Contains("'val_loss'", e.Message);
        Assert.Equal("monitor", Assert.Throws<ArgumentException>(() => new EarlyStopping(monitor: "val_acc")).ParamName);
        Assert.Equal("patience", Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: -1)).ParamName);
    }

    [Fact]
    public void ModelCheckpoint_saves_every_epoch_under_a_formatted_name()
    {
        string dir = ShippingData.TempDirectory();
        var checkpoint = new ModelCheckpoint(Path.Combine(dir, "sub", "model-{epoch:02d}.safetensors"));
        TinyClassifier model = ShippingData.Model();
        model.Fit(Train.X, Train.Y, epochs: 3, batchSize: 16, validationData: Validation, callbacks: [checkpoint]);
        for (int epoch = 1; epoch <= 3; epoch++) Assert.True(File.Exists(Path.Combine(dir, "sub", $"model-0{epoch}.safetensors")));
        Assert.Equal(Path.Combine(dir, "sub", "model-03.safetensors"), checkpoint.LastSavedPath);
        TinyClassifier last = ShippingData.Model(seed: 5);
        last.Load(checkpoint.LastSavedPath!);
        Assert.Equal(Bits(model.Parameters), Bits(last.Parameters));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void ModelCheckpoint_saveBestOnly_saves_only_improvements()
    {
        string dir = ShippingData.TempDirectory();
        var best = new ModelCheckpoint(Path.Combine(dir, "best-{epoch}.safetensors"), monitor: "loss", saveBestOnly: true, mode: MonitorMode.Max);
        ShippingData.Model().Fit(Train.X, Train.Y, epochs: 3, batchSize: 16, callbacks: [best]);
        Assert.Equal([Path.Combine(dir, "best-1.safetensors")], Directory.GetFiles(dir));

        var threshold = new ModelCheckpoint(Path.Combine(dir, "never.safetensors"), monitor: "loss", saveBestOnly: true, initialValueThreshold: 0);
        ShippingData.Model().Fit(Train.X, Train.Y, epochs: 2, batchSize: 16, callbacks: [threshold]);
        Assert.Null(threshold.LastSavedPath);
    }

    [Fact]
    public void A_checkpoint_with_optimizer_state_resumes_exactly()
    {
        string path = Path.Combine(ShippingData.TempDirectory(), "resume.safetensors");
        TinyClassifier straight = ShippingData.Model();
        straight.Compile(new Adam(0.01f));
        straight.Fit(Train.X, Train.Y, epochs: 4, batchSize: 16, shuffle: false);

        TinyClassifier interrupted = ShippingData.Model();
        interrupted.Compile(new Adam(0.01f));
        interrupted.Fit(Train.X, Train.Y, epochs: 2, batchSize: 16, shuffle: false,
            callbacks: [new ModelCheckpoint(path, monitor: "loss", includeOptimizer: true)]);
        TinyClassifier resumed = ShippingData.Model(seed: 9);
        resumed.Load(path);
        resumed.Fit(Train.X, Train.Y, epochs: 2, batchSize: 16, shuffle: false);
        Assert.Equal(Bits(straight.Parameters), Bits(resumed.Parameters));
    }

    private static float[] OneEpoch()
    {
        TinyClassifier model = ShippingData.Model();
        model.Fit(Train.X, Train.Y, epochs: 1, batchSize: 16);
        return model.Parameters.ToArray();
    }

    private static uint[] Bits(ReadOnlySpan<float> values) => SaveLoadTests.Bits(values);
}
