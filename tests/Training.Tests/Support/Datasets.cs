using System;

namespace SourceGenNet.Training.Tests.Support;

/// <summary>Small seeded datasets the learning tests make for themselves (no files, same data on every machine).</summary>
internal static class Datasets
{
    /// <summary>A row-major dataset with a train/validation split (the first <c>Train</c> samples train).</summary>
    public sealed record Split<TTarget>(float[] TrainInputs, TTarget[] TrainTargets, float[] ValidationInputs, TTarget[] ValidationTargets);

    /// <summary>
    /// <paramref name="classes"/> Gaussian blobs (unit variance) in <paramref name="dimensions"/>
    /// dimensions, centres uniform in [-2.5, 2.5] per axis, samples in random class order, the last
    /// fifth held out for validation (the tutorial's 80/20 split).
    /// </summary>
    public static Split<int> GaussianBlobs(int samples, int dimensions, int classes, long seed)
    {
        var random = new SeededRandom(seed);
        var centres = new double[classes * dimensions];
        for (int i = 0; i < centres.Length; i++) centres[i] = 5 * random.NextDouble() - 2.5;
        var inputs = new float[samples * dimensions];
        var labels = new int[samples];
        for (int s = 0; s < samples; s++)
        {
            int label = labels[s] = random.NextInt32(classes);
            for (int d = 0; d < dimensions; d++)
                inputs[s * dimensions + d] = (float)(centres[label * dimensions + d] + Normal(ref random));
        }
        return SplitFifth(inputs, labels, samples, dimensions, 1);
    }

    /// <summary>
    /// Points uniform in [-1, 1]⁴ labelled 1 on one side of a fixed hyperplane and 0 on the other;
    /// points within 0.1 of the plane are redrawn, so the classes are separable with a margin.
    /// </summary>
    public static Split<float> SeparableBinary(int samples, long seed)
    {
        ReadOnlySpan<double> normal = [0.6, -0.4, 0.5, 0.3];
        const double offset = 0.1;
        var random = new SeededRandom(seed);
        var inputs = new float[samples * 4];
        var targets = new float[samples];
        for (int s = 0; s < samples; s++)
        {
            double side;
            do
            {
                side = offset;
                for (int d = 0; d < 4; d++)
                {
                    inputs[s * 4 + d] = (float)(2 * random.NextDouble() - 1);
                    side += normal[d] * inputs[s * 4 + d];
                }
            } while (Math.Abs(side) < 0.1);
            targets[s] = side > 0 ? 1 : 0;
        }
        return SplitFifth(inputs, targets, samples, 4, 1);
    }

    /// <summary>y = sin(2 x₀) + x₁ x₂ - 0.5 x₂ for x uniform in [-1, 1]³: smooth, not linear.</summary>
    public static Split<float> SmoothRegression(int samples, long seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new float[samples * 3];
        var targets = new float[samples];
        for (int s = 0; s < samples; s++)
        {
            for (int d = 0; d < 3; d++) inputs[s * 3 + d] = (float)(2 * random.NextDouble() - 1);
            double x0 = inputs[s * 3], x1 = inputs[s * 3 + 1], x2 = inputs[s * 3 + 2];
            targets[s] = (float)(Math.Sin(2 * x0) + x1 * x2 - 0.5 * x2);
        }
        return SplitFifth(inputs, targets, samples, 3, 1);
    }

    /// <summary>A standard normal draw (Box-Muller; the second value is thrown away for simplicity).</summary>
    private static double Normal(ref SeededRandom random)
    {
        double u1 = 1 - random.NextDouble(); // in (0, 1]: the log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static Split<T> SplitFifth<T>(float[] inputs, T[] targets, int samples, int width, int targetsPerSample)
    {
        int train = samples - samples / 5;
        return new Split<T>(
            inputs[..(train * width)], targets[..(train * targetsPerSample)],
            inputs[(train * width)..], targets[(train * targetsPerSample)..]);
    }
}
