using System;
using System.Threading;
using SourceGenNet.Optimizers;
using SourceGenNet.Training;

namespace SourceGenNet.Runtime.Tests.Shipping;

/// <summary>Bad data refused before training; a diverging loss stops training cleanly; cancellation leaves whole steps.</summary>
public class FitSafetyTests
{
    [Fact]
    public void Non_finite_inputs_are_refused_before_any_step_naming_sample_and_feature()
    {
        var (x, y) = ShippingData.Classes(8, seed: 1);
        x[7] = float.NaN;
        TinyClassifier model = ShippingData.Model();
        float[] before = model.Parameters.ToArray();
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("inputs[7] (sample 1, feature 1) is NaN", e.Message);
        Assert.Equal(before, model.Parameters.ToArray());

        var (vx, vy) = ShippingData.Classes(4, seed: 2);
        vx[0] = float.PositiveInfinity;
        x[7] = 0;
        Assert.Equal("validationData.Inputs", Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationData: (vx, vy))).ParamName);
    }

    [Fact]
    public void Labels_outside_the_classes_are_refused_before_any_step()
    {
        var (x, y) = ShippingData.Classes(8, seed: 1);
        y[5] = 3;
        TinyClassifier model = ShippingData.Model();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains("label of sample 5 is 3, outside [0, 3)", e.Message);
        Assert.Equal(0, model.Optimizer.Iterations);
    }

    [Fact]
    public void Non_finite_float_targets_are_refused()
    {
        var model = new TinyRegressor(seed: 1);
        var x = new float[8];
        var y = new float[4];
        y[3] = float.NegativeInfinity;
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains("targets[3] (sample 1)", e.Message);
    }

    /// <summary>Huge targets and a huge learning rate: the loss overflows within a few steps.</summary>
    private static (TinyRegressor Model, float[] X, float[] Y) Diverging()
    {
        var model = new TinyRegressor(seed: 1);
        model.Compile(new Sgd(10f));
        var random = new SeededRandom(3);
        var x = new float[64 * 4];
        var y = new float[64 * 2];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
        for (int i = 0; i < y.Length; i++) y[i] = 1e15f;
        return (model, x, y);
    }

    [Fact]
    public void A_loss_that_becomes_non_finite_stops_training_without_applying_that_step()
    {
        var (model, x, y) = Diverging();
        float[] lastApplied = model.Parameters.ToArray();
        var e = Assert.Throws<NonFiniteLossException>(() => model.Fit(x, y, epochs: 50, batchSize: 8,
            onProgress: p => lastApplied = model.Parameters.ToArray()));
        Assert.Contains($"at epoch {e.Epoch}, step {e.Step}", e.Message);
        Assert.False(double.IsFinite(e.Loss));
        Assert.Equal(e.Epoch - 1, e.History.Epochs);
        // The weights are those after the last step with a finite loss (they may have overflowed already:
        // the loss shows divergence one step late).
        Assert.Equal(SaveLoadTests.Bits(lastApplied), SaveLoadTests.Bits(model.Parameters));
        Assert.Equal((e.Epoch - 1) * 8 + e.Step - 1, model.Optimizer.Iterations);
    }

    [Fact]
    public void TerminateOnNaN_makes_Fit_return_normally_instead()
    {
        var (model, x, y) = Diverging();
        var terminate = new TerminateOnNaN();
        float[] lastApplied = model.Parameters.ToArray();
        History history = model.Fit(x, y, epochs: 50, batchSize: 8, callbacks: [terminate],
            onProgress: p => lastApplied = model.Parameters.ToArray());
        Assert.True(terminate.TerminatedEpoch > 0);
        Assert.Equal(terminate.TerminatedEpoch - 1, history.Epochs);
        Assert.Equal(SaveLoadTests.Bits(lastApplied), SaveLoadTests.Bits(model.Parameters));
    }

    [Fact]
    public void Cancellation_stops_between_steps_and_leaves_the_weights_of_whole_steps()
    {
        var (x, y) = ShippingData.Classes(64, seed: 4);
        using var cancel = new CancellationTokenSource();
        TinyClassifier cancelled = ShippingData.Model();
        cancelled.Compile(new Adam(0.01f));
        Assert.ThrowsAny<OperationCanceledException>(() => cancelled.Fit(x, y, epochs: 3, batchSize: 8, shuffle: false,
            onProgress: p => { if (p.Epoch == 2 && p.Step == 3) cancel.Cancel(); }, cancellationToken: cancel.Token));
        Assert.Equal(11, cancelled.Optimizer.Iterations);   // 8 steps of epoch 1, 3 of epoch 2

        TinyClassifier stepped = ShippingData.Model();
        stepped.Compile(new Adam(0.01f));
        for (int step = 0; step < 11; step++)
        {
            int first = step % 8 * 8;
            stepped.TrainStep(x.AsSpan(first * 6, 8 * 6), y.AsSpan(first, 8));
        }
        Assert.Equal(SaveLoadTests.Bits(stepped.Parameters), SaveLoadTests.Bits(cancelled.Parameters));
    }

    [Fact]
    public void A_step_of_Fit_allocates_nothing_with_callbacks_attached()
    {
        var (x, y) = ShippingData.Classes(400, seed: 4);
        TinyClassifier model = ShippingData.Model();
        // Per epoch, the bytes allocated between its second and last step. Tiered compilation can
        // allocate on this thread while it promotes Fit's hot methods in early epochs; an allocation
        // per step would show in every epoch, so the cleanest epoch is the honest figure.
        long atSecondStep = 0, fewest = long.MaxValue;
        model.Fit(x, y, epochs: 10, batchSize: 8, validationData: (x, y),
            callbacks: [new TerminateOnNaN(), new EarlyStopping(patience: 20)],
            onProgress: p =>
            {
                if (p.Step == 2 && !p.IsEpochEnd) atSecondStep = GC.GetAllocatedBytesForCurrentThread();
                if (p.Step == p.Steps && !p.IsEpochEnd) fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - atSecondStep);
            });
        Assert.Equal(0, fewest);
    }
}
