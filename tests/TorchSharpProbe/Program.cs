using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// TorchSharp on the benchmark workload, as benchmarks/torch_bench.py runs PyTorch: the same 48,000 images
/// (<see cref="BenchData"/>), the same network (784 -> 100 relu -> 10; the softmax inside the loss for training,
/// as torch does, and applied for predictions, as Keras' model does), Adam with Keras' defaults (lr 1e-3, betas
/// 0.9 / 0.999, eps 1e-7), batches of 32 reshuffled every epoch and gathered per batch. Prints `RESULT name value
/// unit` lines for compare.sh:
/// <list type="bullet">
/// <item><c>train THREADS EPOCHS</c>: seconds per epoch (median of the timed epochs, after one warm-up epoch).</item>
/// <item><c>predict THREADS</c>: single-sample latency (no autograd, a preallocated input tensor) and the throughput
/// of one batch of 10,000.</item>
/// <item><c>check</c>: loads libtorch and computes 1 + 1.</item>
/// </list>
/// One process per thread count: libtorch fixes its thread pool once per process.
/// </summary>
public static class Program
{
    private const int Pixels = BenchData.Pixels, Classes = 10, Batch = 32;

    public static int Main(string[] args)
    {
        Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
        if (args is ["check"])
        {
            // Loads libtorch through TorchSharp's native wrapper: what fails where the C++ runtime is too old.
            Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}: libtorch computes 1 + 1 = {(torch.ones(2).sum().item<float>()):F0}");
            return 0;
        }
        if (args.Length < 2 || !int.TryParse(args[1], out int threads) || threads < 1)
        {
            Console.Error.WriteLine("usage: SourceGenNet.TorchSharpProbe train THREADS EPOCHS | predict THREADS | check");
            return 2;
        }
        torch.set_num_threads(threads);
        switch (args[0])
        {
            case "train": Train(threads, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3); return 0;
            case "predict": Predict(threads); return 0;
            default: Console.Error.WriteLine($"unknown mode {args[0]}"); return 2;
        }
    }

    private static nn.Module<Tensor, Tensor> Network()
    {
        torch.manual_seed(1);
        return nn.Sequential(("hidden", nn.Linear(Pixels, 100)), ("relu", nn.ReLU()), ("output", nn.Linear(100, Classes)));
    }

    private static (Tensor X, Tensor Y) Data()
    {
        var (x, y, _) = BenchData.Load();
        return (torch.tensor(x, [BenchData.Samples, Pixels]), torch.tensor(y.Select(label => (long)label).ToArray()));
    }

    private static void Train(int threads, int epochs)
    {
        var (x, y) = Data();
        var model = Network();
        var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-7);
        var loss = nn.CrossEntropyLoss();
        var generator = new torch.Generator(1);

        double Epoch()
        {
            long start = Stopwatch.GetTimestamp();
            using var order = torch.randperm(BenchData.Samples, generator: generator);
            for (int first = 0; first < BenchData.Samples; first += Batch)
            {
                // Every tensor a step makes is freed at the end of the step, as Python's reference counting does.
                using var step = torch.NewDisposeScope();
                Tensor index = order.narrow(0, first, Batch);
                optimizer.zero_grad();
                Tensor value = loss.forward(model.forward(x.index_select(0, index)), y.index_select(0, index));
                value.backward();
                optimizer.step();
            }
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Epoch(); // warm-up
        var seconds = new double[epochs];
        for (int e = 0; e < epochs; e++)
        {
            seconds[e] = Epoch();
            Console.WriteLine($"torchsharp threads {threads} epoch {e + 1}: {seconds[e]:F3} s");
        }
        Array.Sort(seconds);
        Measure.Result($"torchsharp_t{threads}_epoch_s", seconds[epochs / 2], "s");
    }

    private static void Predict(int threads)
    {
        var (x, _) = Data();
        var model = Network();
        model.eval();
        using var noGrad = torch.no_grad();

        // One sample, at TorchSharp's lowest overhead we found: the caller's 784 floats copied straight into a preallocated
        // tensor's storage (Tensor.bytes; TensorAccessor.CopyFrom took 13 us), the forward and the softmax, the 10
        // probabilities copied out the same way.
        using var one = torch.zeros(1, Pixels);
        var output = new float[Classes];
        float[] images = x.data<float>().ToArray();
        double latency = Measure.SingleLatencyMicroseconds(i =>
        {
            MemoryMarshal.AsBytes(images.AsSpan(i % 1000 * Pixels, Pixels)).CopyTo(one.bytes);
            using Tensor logits = model.forward(one);
            using Tensor probabilities = nn.functional.softmax(logits, 1);
            MemoryMarshal.Cast<byte, float>(probabilities.bytes).CopyTo(output);
        });
        Measure.Result($"torchsharp_t{threads}_predict_1_us", latency, "us");

        using var batch = x.narrow(0, 0, 10_000).contiguous();
        var outputs = new float[10_000 * Classes];
        double batchSeconds = Measure.MedianSeconds(() =>
        {
            using Tensor logits = model.forward(batch);
            using Tensor probabilities = nn.functional.softmax(logits, 1);
            MemoryMarshal.Cast<byte, float>(probabilities.bytes).CopyTo(outputs);
        }, 15);
        Measure.Result($"torchsharp_t{threads}_predict_10k_per_s", 10_000 / batchSeconds, "samples/s");
    }
}
