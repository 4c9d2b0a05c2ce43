using System;
using System.Globalization;
using System.Threading;
using BenchmarkDotNet.Running;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks</c> runs the BenchmarkDotNet suite (arguments go to
/// its switcher, e.g. <c>--filter *Predict*</c>). The first argument may instead name a probe, which
/// benchmarks/compare.sh runs between PyTorch runs and which prints <c>RESULT name value unit</c> lines:
/// <list type="bullet">
/// <item><c>peak</c>: the one-core and two-core FMA peak (independent register-resident FMA chains).</item>
/// <item><c>train [epochs] [threads]</c>: seconds per epoch of Fit on <c>threads</c> training threads (default 1), after one
/// warm-up epoch: one Fit call over the timed epochs, each epoch as History reports it; the call's time outside its
/// epochs (input checks, buffers); GCs and bytes (the calling thread's and the whole process's) during the call.</item>
/// <item><c>threads [blocks]</c>: a training step on 1 and on 2 threads, A/B in alternating blocks of 100 steps, and whether the weights agree bit for bit.</item>
/// <item><c>scaling [reps]</c>: each shared operation of a step alone, on 1 thread and on 2.</item>
/// <item><c>handoff [operations]</c>: the cost of sharing one tiny operation between two threads, ThreadTeam against Parallel.For.</item>
/// <item><c>breakdown [steps] [threads]</c>: where one training step's time goes, phase by phase (the shared phases on <c>threads</c>).</item>
/// <item><c>predict</c>: single-sample latency and batch-of-10,000 throughput.</item>
/// <item><c>onnx model.onnx</c>: the same two figures for ONNX Runtime at 1 and 2 intra-op threads.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
        string mode = args.Length > 0 ? args[0] : "";
        int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
        switch (mode)
        {
            case "peak": PeakProbe.Run(); return 0;
            case "train": TrainProbe.Run(Arg(1, 3), Arg(2, 1)); return 0;
            case "threads": ThreadsProbe.Run(Arg(1, 40)); return 0;
            case "scaling": ScalingProbe.Run(Arg(1, 2000)); return 0;
            case "handoff": HandoffProbe.Run(Arg(1, 100_000)); return 0;
            case "breakdown": TrainProbe.Breakdown(Arg(1, 3000), Arg(2, 1)); return 0;
            case "predict": PredictProbe.Run(); return 0;
            case "onnx": OnnxProbe.Run(args[1]); return 0;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
