using System;
using BenchmarkDotNet.Attributes;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// BenchmarkDotNet's view of the workload, with allocation columns: one training step (batch 32, Adam),
/// one whole epoch of Fit (48,000 samples, 1,500 steps, reshuffled), single-sample and 10,000-sample prediction.
/// Default runtime settings (tiered compilation on); BenchmarkDotNet warms up before it measures.
/// FLOP per operation: TrainProbe's summary (≈ 10.2 MFLOP a step, 16.8 GFLOP an epoch, 159 kFLOP a prediction).
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private float[] _x = [];
    private int[] _y = [];
    private BenchModel _model = null!;
    private float[] _batchX = [];
    private int[] _batchY = [];

    [GlobalSetup]
    public void Setup()
    {
        (_x, _y, _) = BenchData.Load();
        _model = new BenchModel(seed: 1);
        _model.Compile(new Adam());
        _batchX = _x.AsSpan(0, 32 * 784).ToArray();
        _batchY = _y.AsSpan(0, 32).ToArray();
    }

    [Benchmark(Description = "TrainStep, batch 32")]
    public float TrainStep() => (float)_model.TrainStep(_batchX, _batchY).Loss;

    [Benchmark(Description = "Fit, one epoch of 48,000")]
    public int Epoch() => _model.Fit(_x, _y, epochs: 1, batchSize: 32).Loss.Count;
}

[MemoryDiagnoser]
public class PredictionBenchmarks
{
    private float[] _x = [];
    private float[] _output = new float[10];
    private float[] _outputs = new float[10_000 * 10];
    private BenchModel _model = null!;
    private BenchModel _model256 = null!;

    [GlobalSetup]
    public void Setup()
    {
        float[] all = BenchData.Load().X;
        _x = all.AsSpan(0, 10_000 * 784).ToArray();
        _model = new BenchModel(seed: 1);
        _model256 = new BenchModel(seed: 1, maxBatchSize: 256);
    }

    [Benchmark(Description = "Predict, one sample")]
    public float PredictOne()
    {
        _model.Predict(_x.AsSpan(0, 784), _output);
        return _output[0];
    }

    [Benchmark(Description = "PredictBatch 10,000 (chunks of 32)")]
    public float PredictBatch()
    {
        _model.PredictBatch(_x, _outputs);
        return _outputs[0];
    }

    [Benchmark(Description = "PredictBatch 10,000 (chunks of 256)")]
    public float PredictBatch256()
    {
        _model256.PredictBatch(_x, _outputs);
        return _outputs[0];
    }
}
