using System;
using System.IO;
using SourceGenNet.Data;

namespace SourceGenNet.Sample;

/// <summary>
/// The tutorial's arrays: pixels scaled to [0, 1] and flattened, the training images split
/// 80/20 into training and validation (<c>train_test_split(test_size=0.2, random_state=42)</c>),
/// and the test set kept aside for the very end.
/// </summary>
internal sealed class TutorialData
{
    private TutorialData(FashionMnistData data, TrainValidationSplit split, ImageSet testImages, byte[] testLabels)
    {
        Source = data.Source;
        Location = data.Location;
        Split = split;
        TestImages = testImages;
        TestInputs = Preprocessing.ScaleToUnit(testImages);
        TestLabels = Preprocessing.ToInt32(testLabels);
    }

    public DatasetSource Source { get; }
    public string Location { get; }
    public TrainValidationSplit Split { get; }

    /// <summary>The raw test images, for pictures.</summary>
    public ImageSet TestImages { get; }
    public float[] TestInputs { get; }
    public int[] TestLabels { get; }
    public int TestCount => TestLabels.Length;

    /// <summary>Loads through <see cref="FashionMnist.Load"/>; <paramref name="log"/> receives download messages.</summary>
    /// <exception cref="DatasetUnavailableException">No source had the files (the message says what was tried and how to fix it).</exception>
    /// <exception cref="InvalidDataException">A file was found but is not valid Fashion-MNIST.</exception>
    public static TutorialData Load(SampleOptions options, FashionMnistEnvironment environment, TextWriter log)
    {
        var loaderOptions = new FashionMnistOptions
        {
            DataDirectory = options.DataDirectory,
            RequireOfficialCounts = !options.AllowSlice,
            AllowDownload = !options.NoDownload,
            GetEnvironmentVariable = environment.GetEnvironmentVariable,
            HomeDirectory = environment.HomeDirectory,
            CacheDirectory = environment.CacheDirectory,
            // The search itself is noise; downloads are worth a line each.
            Log = line => { if (line.Contains("download", StringComparison.OrdinalIgnoreCase)) log.WriteLine("  " + line); },
        };
        FashionMnistData data = FashionMnist.Load(loaderOptions);

        ImageSet trainImages = data.TrainImages, testImages = data.TestImages;
        byte[] trainLabels = data.TrainLabels, testLabels = data.TestLabels;
        if (options.Quick)
        {
            int train = Math.Min(SampleOptions.QuickTrainImages, trainImages.Count), test = Math.Min(SampleOptions.QuickTestImages, testImages.Count);
            (trainImages, trainLabels) = (trainImages.Take(train), trainLabels[..train]);
            (testImages, testLabels) = (testImages.Take(test), testLabels[..test]);
        }

        // Scaling happens inside the split: each sample is copied once, already divided by 255.
        TrainValidationSplit split = Preprocessing.TrainTestSplit(trainImages, trainLabels, testSize: 0.2, seed: 42);
        return new TutorialData(data, split, testImages, testLabels);
    }

    /// <summary>How the source is shown to the user.</summary>
    public string DescribeSource() => Source switch
    {
        DatasetSource.DataDirectory => "--data",
        DatasetSource.EnvironmentDirectory => "$" + FashionMnist.DataDirectoryVariable,
        DatasetSource.Cache => "the SourceGenNet cache",
        DatasetSource.KerasCache => "Keras' cache",
        DatasetSource.Download => "downloaded and verified",
        _ => Source.ToString(),
    };
}

/// <summary>
/// What the loader may read from the machine besides the options: environment variables and the
/// home and cache folders. The defaults are the real ones; tests substitute empty ones so that
/// nothing on the test machine (or the network) is used by accident.
/// </summary>
public sealed record FashionMnistEnvironment
{
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
    public string? HomeDirectory { get; init; }
    public string? CacheDirectory { get; init; }

    public static FashionMnistEnvironment Machine { get; } = new();
}
