using System;
using System.IO;
using SourceGenNet.Data;

namespace SourceGenNet.Benchmarks;

/// <summary>
/// The training set of the benchmark: 48,000 Fashion-MNIST images scaled to [0, 1] and their labels.
/// With <c>SOURCEGENNET_DATA</c> naming a directory of the four official files, the first 48,000 training
/// images. Otherwise the 600-image slice shipped in tests/TestData, repeated 80 times: real pixel
/// statistics (zero borders, hence zero gradients and decaying Adam moments), the right shape and size.
/// benchmarks/torch_bench.py reads the same files the same way.
/// </summary>
internal static class BenchData
{
    public const int Samples = 48_000;
    public const int Pixels = 784;

    public static (float[] X, int[] Y, string Source) Load()
    {
        string? dir = Environment.GetEnvironmentVariable(FashionMnist.DataDirectoryVariable);
        FashionMnistData data;
        string source;
        if (!string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, FashionMnist.TrainImagesFile)))
        {
            data = FashionMnist.LoadDirectory(dir);
            source = $"Fashion-MNIST from {dir} (first {Samples} training images)";
        }
        else
        {
            data = FashionMnist.LoadDirectory(SliceDirectory(), requireOfficialCounts: false);
            source = $"shipped 600-image slice repeated to {Samples} (set SOURCEGENNET_DATA for the real set)";
        }
        int have = data.TrainImages.Count;
        var x = new float[Samples * Pixels];
        var y = new int[Samples];
        for (int i = 0; i < Samples; i++)
        {
            int from = i % have;
            Preprocessing.ScaleToUnit(data.TrainImages.Image(from), x.AsSpan(i * Pixels, Pixels));
            y[i] = data.TrainLabels[from];
        }
        return (x, y, source);
    }

    /// <summary>tests/TestData/fashion-mnist-slice, found by walking up from the executable.</summary>
    public static string SliceDirectory()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "TestData", "fashion-mnist-slice");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/TestData/fashion-mnist-slice not found above " + AppContext.BaseDirectory);
    }
}
