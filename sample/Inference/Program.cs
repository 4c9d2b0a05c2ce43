// Inference as it ships: load weights saved by Network.Save and predict, compiled ahead of time.
//   sgn-infer model.safetensors    load that file (saved by the tutorial's model) and predict
//   sgn-infer                      train a tiny model on made-up images, save it, reload it, predict
using System;
using System.Diagnostics;
using System.IO;
using SourceGenNet;
using SourceGenNet.Inference;
using SourceGenNet.Serialization;
using SourceGenNet.Training;

var clock = Stopwatch.StartNew();
var model = new FashionMnistModel(seed: 0);
string path;
if (args.Length > 0)
{
    path = args[0];
}
else
{
    var (images, labels) = Synthetic.Images(256, seed: 1);
    var trainer = new FashionMnistModel(seed: 1);
    trainer.Compile("adam");
    History history = trainer.Fit(images, labels, epochs: 3, batchSize: 32, seed: 2);
    Console.WriteLine($"trained 3 epochs on made-up images: loss {history.Loss[^1]:F4}, accuracy {history.Accuracy[^1]:F3}");
    path = Path.Combine(Path.GetTempPath(), "sgn-infer-demo.safetensors");
    trainer.Save(path);
}

try
{
    model.Load(path);
}
catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"cannot load {path}: {e.Message}");
    return 1;
}

var (samples, truth) = Synthetic.Images(8, seed: 3);
Span<float> probabilities = stackalloc float[FashionMnistModel.Layout.OutputSize];
for (int i = 0; i < truth.Length; i++)
{
    ReadOnlySpan<float> image = samples.AsSpan(i * FashionMnistModel.Layout.InputSize, FashionMnistModel.Layout.InputSize);
    model.Predict(image, probabilities);
    int predicted = model.PredictClass(image);
    Console.WriteLine($"sample {i}: predicted {predicted} (p={probabilities[predicted]:F3}), made-up label {truth[i]}");
}
Console.WriteLine($"model '{model.Name}' ({model.Loss}) from {path}; {clock.Elapsed.TotalMilliseconds:F1} ms");
return 0;

namespace SourceGenNet.Inference
{
    /// <summary>The tutorial's model: Flatten(28, 28), Dense(100, relu), Dense(10, softmax).</summary>
    [Model("패션 MNIST 모델")]
    [Input(28, 28)]
    [Dense(100, Activation.Relu, Name = "hidden")]
    [Dense(10, Activation.Softmax, Name = "output")]
    public partial class FashionMnistModel;

    /// <summary>Made-up 28 x 28 "images": class c lights up row band c, plus noise. Enough to show learning.</summary>
    internal static class Synthetic
    {
        public static (float[] Images, int[] Labels) Images(int count, long seed)
        {
            var random = new SeededRandom(seed);
            var images = new float[count * 784];
            var labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                int label = random.NextInt32(10);
                labels[i] = label;
                for (int p = 0; p < 784; p++)
                {
                    int row = p / 28;
                    images[i * 784 + p] = (float)(random.NextDouble() * 0.3 + (row / 3 == label ? 0.7 : 0));
                }
            }
            return (images, labels);
        }
    }
}
