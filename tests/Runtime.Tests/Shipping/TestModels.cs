using System;
using System.IO;
using SourceGenNet.Training;

namespace SourceGenNet.Runtime.Tests.Shipping;

/// <summary>Small enough to train in milliseconds; two dimensions so the Flatten path is covered.</summary>
[Model("tiny")]
[Input(2, 3)]
[Dense(5, Activation.Relu, Name = "hidden")]
[Dense(3, Activation.Softmax, Name = "output")]
public partial class TinyClassifier;

/// <summary>Same input size and output, another hidden width: a file of one must not load into the other.</summary>
[Model("tiny")]
[Input(6)]
[Dense(4, Activation.Relu, Name = "hidden")]
[Dense(3, Activation.Softmax, Name = "output")]
public partial class NarrowerClassifier;

/// <summary>Float targets and mean squared error.</summary>
[Model("regressor")]
[Input(4)]
[Dense(3, Activation.Tanh, Name = "hidden")]
[Dense(2, Name = "output")]
public partial class TinyRegressor;

/// <summary>Same layers as <see cref="TinyClassifier"/> but an explicit loss: the loss is part of the topology.</summary>
[Model("tiny")]
[Input(6)]
[Dense(5, Activation.Relu, Name = "hidden")]
[Dense(3, Activation.Softmax, Name = "output")]
[Loss(LossFunction.CategoricalCrossentropy)]
public partial class TinyCategorical;

internal static class ShippingData
{
    /// <summary>A learnable 3-class problem over 6 features: the class is the sign pattern of two feature sums.</summary>
    public static (float[] X, int[] Y) Classes(int samples, long seed)
    {
        var random = new SeededRandom(seed);
        var x = new float[samples * 6];
        var y = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            for (int f = 0; f < 6; f++) x[i * 6 + f] = (float)(random.NextDouble() * 2 - 1);
            float a = x[i * 6] + x[i * 6 + 1], b = x[i * 6 + 2] - x[i * 6 + 3];
            y[i] = a > 0 ? 0 : b > 0 ? 1 : 2;
        }
        return (x, y);
    }

    public static TinyClassifier Model(long seed = 1) => new(seed, names: new KerasNameScope());

    public static byte[] Bytes(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "sgn-shipping-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
