using System;
using SourceGenNet.Training;
using System.Numerics.Tensors;

namespace SourceGenNet.Data
{
    /// <summary>
    /// The preprocessing the Keras tutorial applies: pixels scaled to [0, 1] with <c>x / 255</c>, images
    /// flattened (an <see cref="ImageSet"/> is already row-major, so a flat image is just its 784 bytes),
    /// and scikit-learn's <c>train_test_split(test_size=0.2, random_state=42, stratify=...)</c>.
    /// </summary>
    public static class Preprocessing
    {
        /// <summary>Returns <c>pixels[i] / 255f</c> for every pixel, in a new array.</summary>
        public static float[] ScaleToUnit(ReadOnlySpan<byte> pixels)
        {
            var result = GC.AllocateUninitializedArray<float>(pixels.Length);
            ScaleToUnit(pixels, result);
            return result;
        }

        /// <summary>Returns every pixel of <paramref name="images"/> scaled by <c>1 / 255</c>, flat (image after image, 784 values each).</summary>
        public static float[] ScaleToUnit(ImageSet images)
        {
            ArgumentNullException.ThrowIfNull(images);
            return ScaleToUnit(images.Pixels);
        }

        /// <summary>Writes <c>pixels[i] / 255f</c> to <c>destination[i]</c> (a true division, so 0 maps to 0 and 255 to exactly 1).</summary>
        public static void ScaleToUnit(ReadOnlySpan<byte> pixels, Span<float> destination)
        {
            if (destination.Length != pixels.Length)
                throw new ArgumentException($"The destination has {destination.Length} elements, the source {pixels.Length}.", nameof(destination));
            TensorPrimitives.ConvertTruncating(pixels, destination); // byte -> float is exact
            TensorPrimitives.Divide(destination, 255f, destination);
        }

        /// <summary>Widens byte labels to the <c>int</c> labels a sparse categorical loss takes.</summary>
        public static int[] ToInt32(ReadOnlySpan<byte> labels)
        {
            var result = GC.AllocateUninitializedArray<int>(labels.Length);
            for (int i = 0; i < labels.Length; i++) result[i] = labels[i];
            return result;
        }

        /// <summary>
        /// How many of <paramref name="sampleCount"/> samples a split with <paramref name="testSize"/> puts
        /// in the held-out part: <c>ceil(testSize * sampleCount)</c> as in scikit-learn, except that the
        /// product is first rounded to 6 decimals so floating-point noise cannot add a sample
        /// (scikit-learn turns 0.7 * 10 = 7.000000000000001 into 8).
        /// </summary>
        public static int TestCountFor(int sampleCount, double testSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 2);
            if (!(testSize > 0 && testSize < 1))
                throw new ArgumentOutOfRangeException(nameof(testSize), testSize, "The test fraction must be strictly between 0 and 1.");
            int testCount = (int)Math.Ceiling(Math.Round(testSize * sampleCount, 6));
            if (testCount >= sampleCount)
                throw new ArgumentOutOfRangeException(nameof(testSize), testSize, $"A test fraction of {testSize} leaves no training sample out of {sampleCount}.");
            return testCount;
        }

        /// <inheritdoc cref="TrainTestSplit(ReadOnlySpan{byte}, int, ReadOnlySpan{byte}, double, int, bool)"/>
        public static TrainValidationSplit TrainTestSplit(ImageSet images, ReadOnlySpan<byte> labels, double testSize = 0.2, int seed = 42, bool stratify = false)
        {
            ArgumentNullException.ThrowIfNull(images);
            return TrainTestSplit(images.Pixels, images.PixelsPerImage, labels, testSize, seed, stratify);
        }

        /// <summary>
        /// Shuffles the samples with a seeded generator and holds out <see cref="TestCountFor"/> of them
        /// for validation, copying each sample once, scaled to [0, 1], straight into its output row
        /// (the four output arrays are the only large allocations).
        /// <para>
        /// Deterministic: the same inputs and <paramref name="seed"/> give the same split on every
        /// platform and .NET version. The generator is <see cref="SeededRandom"/> (SplitMix64) with Fisher–Yates shuffles, so the
        /// permutation is <b>not</b> the one scikit-learn's <c>train_test_split(random_state=42)</c>
        /// (NumPy's Mersenne Twister) produces; sizes and proportions match, sample choice does not.
        /// </para>
        /// <para>
        /// Without <paramref name="stratify"/>: a random permutation; its first <c>testCount</c> samples
        /// are the validation rows, the rest the training rows (the order scikit-learn uses). With it:
        /// each class contributes <c>floor(classCount * testCount / n)</c> samples, the remaining few
        /// go to the classes with the largest fractional parts (ties to the lower label), each class's
        /// samples are chosen by a shuffle, and both parts are then shuffled so classes are interleaved.
        /// </para>
        /// </summary>
        /// <param name="samples">The samples back to back, <paramref name="featureCount"/> bytes each.</param>
        /// <param name="featureCount">Bytes per sample (784 for Fashion-MNIST).</param>
        /// <param name="labels">One label per sample.</param>
        /// <param name="testSize">Fraction held out for validation, strictly between 0 and 1.</param>
        /// <param name="seed">Seed of the shuffle.</param>
        /// <param name="stratify">Keep each label's proportion the same in both parts (scikit-learn's <c>stratify=y</c>).</param>
        public static TrainValidationSplit TrainTestSplit(ReadOnlySpan<byte> samples, int featureCount, ReadOnlySpan<byte> labels, double testSize = 0.2, int seed = 42, bool stratify = false)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
            int n = labels.Length;
            if ((long)n * featureCount != samples.Length)
                throw new ArgumentException($"{n} labels need {(long)n * featureCount} sample bytes of {featureCount} per sample; there are {samples.Length}.", nameof(samples));
            int testCount = TestCountFor(n, testSize);

            var random = new SeededRandom(seed);
            int[] trainIndices = new int[n - testCount];
            int[] validationIndices = new int[testCount];
            if (stratify) StratifiedIndices(labels, ref random, trainIndices, validationIndices);
            else
            {
                int[] permutation = new int[n];
                for (int i = 0; i < n; i++) permutation[i] = i;
                random.Shuffle(permutation);
                permutation.AsSpan(0, testCount).CopyTo(validationIndices);
                permutation.AsSpan(testCount).CopyTo(trainIndices);
            }

            (float[] trainInputs, int[] trainLabels) = Gather(samples, featureCount, labels, trainIndices);
            (float[] validationInputs, int[] validationLabels) = Gather(samples, featureCount, labels, validationIndices);
            return new TrainValidationSplit(featureCount, trainInputs, trainLabels, trainIndices, validationInputs, validationLabels, validationIndices);
        }

        private static void StratifiedIndices(ReadOnlySpan<byte> labels, ref SeededRandom random, int[] trainIndices, int[] validationIndices)
        {
            int n = labels.Length;
            int testCount = validationIndices.Length;

            // Group sample indices by label (counting sort keeps each group in original order).
            Span<int> classCount = stackalloc int[256];
            classCount.Clear();
            foreach (byte label in labels) classCount[label]++;
            Span<int> classStart = stackalloc int[257];
            classStart[0] = 0;
            for (int c = 0; c < 256; c++) classStart[c + 1] = classStart[c] + classCount[c];
            int[] byClass = new int[n];
            Span<int> fill = stackalloc int[256];
            classStart[..256].CopyTo(fill);
            for (int i = 0; i < n; i++) byClass[fill[labels[i]]++] = i;

            // Held-out samples per class: the floor of its exact share, then one more for the classes
            // with the largest remainders until the total is testCount.
            Span<int> classTest = stackalloc int[256];
            Span<long> remainder = stackalloc long[256];
            int allocated = 0;
            for (int c = 0; c < 256; c++)
            {
                long share = (long)classCount[c] * testCount;
                classTest[c] = (int)(share / n);
                remainder[c] = share % n;
                allocated += classTest[c];
            }
            for (; allocated < testCount; allocated++)
            {
                int best = 0;
                for (int c = 1; c < 256; c++)
                    if (remainder[c] > remainder[best]) best = c;
                classTest[best]++;
                remainder[best] = -1; // a class gets at most one extra
            }

            // Within each class, a shuffle picks the held-out samples.
            int trainAt = 0, validationAt = 0;
            for (int c = 0; c < 256; c++)
            {
                Span<int> members = byClass.AsSpan(classStart[c], classCount[c]);
                random.Shuffle(members);
                members[..classTest[c]].CopyTo(validationIndices.AsSpan(validationAt));
                members[classTest[c]..].CopyTo(trainIndices.AsSpan(trainAt));
                validationAt += classTest[c];
                trainAt += classCount[c] - classTest[c];
            }

            // Interleave the classes.
            random.Shuffle(validationIndices);
            random.Shuffle(trainIndices);
        }

        private static (float[] Inputs, int[] Labels) Gather(ReadOnlySpan<byte> samples, int featureCount, ReadOnlySpan<byte> labels, int[] indices)
        {
            var inputs = GC.AllocateUninitializedArray<float>(indices.Length * featureCount);
            var outLabels = GC.AllocateUninitializedArray<int>(indices.Length);
            for (int row = 0; row < indices.Length; row++)
            {
                int source = indices[row];
                ScaleToUnit(samples.Slice(source * featureCount, featureCount), inputs.AsSpan(row * featureCount, featureCount));
                outLabels[row] = labels[source];
            }
            return (inputs, outLabels);
        }
    }
}
