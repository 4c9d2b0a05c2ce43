using System;
using Microsoft.ML.OnnxRuntime;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// ONNX Runtime on the same network (benchmarks/torch_bench.py exports it): single-sample latency through
/// preallocated OrtValues (its lowest-overhead call) and batch-of-10,000 throughput, at 1 and 2 intra-op threads.
/// </summary>
internal static class OnnxProbe
{
    public static void Run(string modelPath)
    {
        var (x, _, _) = BenchData.Load();
        foreach (int threads in new[] { 1, 2 })
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = threads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            using var session = new InferenceSession(modelPath, options);
            string inputName = "input", outputName = "output";
            using var runOptions = new RunOptions();

            var one = new float[784];
            var oneOut = new float[10];
            using var oneValue = OrtValue.CreateTensorValueFromMemory(one, [1, 784]);
            using var oneOutValue = OrtValue.CreateTensorValueFromMemory(oneOut, [1, 10]);
            string[] inNames = [inputName], outNames = [outputName];
            OrtValue[] ins = [oneValue], outs = [oneOutValue];
            double latency = Measure.SingleLatencyMicroseconds(i =>
            {
                x.AsSpan(i % 1000 * 784, 784).CopyTo(one);
                session.Run(runOptions, inNames, ins, outNames, outs);
            });
            Measure.Result($"onnx_t{threads}_predict_1_us", latency, "us");

            var batch = x.AsSpan(0, 10_000 * 784).ToArray();
            var batchOut = new float[10_000 * 10];
            using var batchValue = OrtValue.CreateTensorValueFromMemory(batch, [10_000, 784]);
            using var batchOutValue = OrtValue.CreateTensorValueFromMemory(batchOut, [10_000, 10]);
            OrtValue[] bins = [batchValue], bouts = [batchOutValue];
            double seconds = Measure.MedianSeconds(() => session.Run(runOptions, inNames, bins, outNames, bouts), 15);
            Measure.Result($"onnx_t{threads}_predict_10k_per_s", 10_000 / seconds, "samples/s");
        }
    }
}
