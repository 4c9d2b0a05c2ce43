using System;
using System.Linq;
using SourceGenNet.Data;

namespace SourceGenNet.Runtime.Tests.Data
{
    public sealed class PreprocessingTests
    {
        // ---- scaling -----------------------------------------------------------------------

        [Fact]
        public void Scaling_maps_0_to_0_and_255_to_1()
        {
            float[] scaled = Preprocessing.ScaleToUnit([0, 255]);

            Assert.Equal(0f, scaled[0]);
            Assert.Equal(1f, scaled[1]);
        }

        [Fact]
        public void Scaling_is_a_true_division_by_255_for_every_byte_and_length()
        {
            // Every value, at lengths that exercise every vector width and tail.
            for (int length = 0; length <= 300; length++)
            {
                byte[] pixels = Enumerable.Range(0, length).Select(i => (byte)(i * 97 + length)).ToArray();
                float[] scaled = Preprocessing.ScaleToUnit(pixels);
                for (int i = 0; i < length; i++) Assert.Equal(pixels[i] / 255f, scaled[i]);
            }
        }

        [Fact]
        public void Scaling_an_image_set_keeps_the_flat_row_major_layout()
        {
            var images = new ImageSet([0, 51, 102, 153, 204, 255, 0, 255], 2, 2, 2);

            float[] flat = Preprocessing.ScaleToUnit(images);

            Assert.Equal([0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f, 0f, 1f], flat);
        }

        [Fact]
        public void Scaling_into_a_wrong_sized_destination_is_rejected()
        {
            Assert.Throws<ArgumentException>(() => Preprocessing.ScaleToUnit(new byte[3], new float[4]));
        }

        [Fact]
        public void Labels_widen_to_int()
        {
            Assert.Equal([0, 9, 255], Preprocessing.ToInt32([0, 9, 255]));
        }

        // ---- split sizes -------------------------------------------------------------------

        [Theory]
        [InlineData(60_000, 0.2, 12_000)]
        [InlineData(1_000, 0.2, 200)]
        [InlineData(10, 0.7, 7)]    // scikit-learn would give 8 (0.7 * 10 = 7.000000000000001)
        [InlineData(10, 0.25, 3)]   // ceil(2.5)
        [InlineData(7, 0.01, 1)]
        public void Test_count_is_the_ceiling_of_the_fraction(int n, double testSize, int expected)
        {
            Assert.Equal(expected, Preprocessing.TestCountFor(n, testSize));
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(1.0)]
        [InlineData(-0.1)]
        [InlineData(double.NaN)]
        [InlineData(0.95)] // 10 samples: nothing left to train on
        public void Impossible_fractions_are_rejected(double testSize)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Preprocessing.TestCountFor(10, testSize));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Split_has_the_expected_sizes_and_loses_or_duplicates_nothing(bool stratify)
        {
            (ImageSet images, byte[] labels) = Dataset(1_000, classes: 10);

            TrainValidationSplit split = Preprocessing.TrainTestSplit(images, labels, testSize: 0.2, seed: 42, stratify: stratify);

            Assert.Equal((800, 200), (split.TrainCount, split.ValidationCount));
            Assert.Equal(800 * 4, split.TrainInputs.Length);
            Assert.Equal(200 * 4, split.ValidationInputs.Length);
            Assert.Equal(Enumerable.Range(0, 1_000), split.TrainIndices.Concat(split.ValidationIndices).Order());
            AssertRowsMatchTheirSource(images, labels, split);
        }

        [Fact]
        public void Split_of_a_full_size_set_is_48000_and_12000()
        {
            (ImageSet images, byte[] labels) = Dataset(60_000, classes: 10, featureCount: 1);

            TrainValidationSplit split = Preprocessing.TrainTestSplit(images, labels);

            Assert.Equal((48_000, 12_000), (split.TrainCount, split.ValidationCount));
        }

        // ---- determinism -------------------------------------------------------------------

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Split_is_deterministic_for_a_seed(bool stratify)
        {
            (ImageSet images, byte[] labels) = Dataset(500, classes: 10);

            TrainValidationSplit a = Preprocessing.TrainTestSplit(images, labels, seed: 42, stratify: stratify);
            TrainValidationSplit b = Preprocessing.TrainTestSplit(images, labels, seed: 42, stratify: stratify);

            Assert.Equal(a.TrainIndices, b.TrainIndices);
            Assert.Equal(a.ValidationIndices, b.ValidationIndices);
            Assert.Equal(a.TrainInputs, b.TrainInputs);
            Assert.Equal(a.ValidationLabels, b.ValidationLabels);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Different_seeds_give_different_splits(bool stratify)
        {
            (ImageSet images, byte[] labels) = Dataset(500, classes: 10);

            TrainValidationSplit a = Preprocessing.TrainTestSplit(images, labels, seed: 42, stratify: stratify);
            TrainValidationSplit b = Preprocessing.TrainTestSplit(images, labels, seed: 43, stratify: stratify);

            Assert.NotEqual(a.ValidationIndices.Order(), b.ValidationIndices.Order());
        }

        [Fact]
        public void Split_is_pinned_across_versions()
        {
            // Golden values: the split must not change when the runtime or this library is updated.
            (ImageSet images, byte[] labels) = Dataset(20, classes: 2);

            TrainValidationSplit split = Preprocessing.TrainTestSplit(images, labels, testSize: 0.2, seed: 42);

            Assert.Equal(GoldenValidation, split.ValidationIndices);
        }

        private static readonly int[] GoldenValidation = [9, 16, 7, 15];

        [Fact]
        public void SeededRandom_matches_the_splitmix64_reference_sequence()
        {
            // First outputs of the reference splitmix64.c seeded with 0.
            var random = new SourceGenNet.Training.SeededRandom(0);
            Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
            Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
            Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
        }

        [Fact]
        public void Bounded_integers_are_in_range_and_roughly_uniform()
        {
            var random = new SourceGenNet.Training.SeededRandom(7);
            var counts = new int[6];
            for (int i = 0; i < 60_000; i++) counts[random.NextInt32(6)]++;

            Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        }

        // ---- stratification ----------------------------------------------------------------

        [Fact]
        public void Stratified_split_keeps_class_proportions_exactly_when_they_divide()
        {
            // 10 classes of 100: each gives exactly 20 to validation.
            (ImageSet images, byte[] labels) = Dataset(1_000, classes: 10);

            TrainValidationSplit split = Preprocessing.TrainTestSplit(images, labels, testSize: 0.2, seed: 1, stratify: true);

            for (int c = 0; c < 10; c++)
            {
                Assert.Equal(20, split.ValidationLabels.Count(l => l == c));
                Assert.Equal(80, split.TrainLabels.Count(l => l == c));
            }
        }

        [Fact]
        public void Stratified_split_of_unbalanced_classes_rounds_each_class_within_one()
        {
            // Classes of 500, 300, 150, 37, 13 samples.
            int[] sizes = [500, 300, 150, 37, 13];
            byte[] labels = sizes.SelectMany((size, c) => Enumerable.Repeat((byte)c, size)).ToArray();
            var images = new ImageSet(new byte[labels.Length], labels.Length, 1, 1);

            TrainValidationSplit split = Preprocessing.TrainTestSplit(images, labels, testSize: 0.25, seed: 3, stratify: true);

            Assert.Equal(250, split.ValidationCount);
            for (int c = 0; c < sizes.Length; c++)
            {
                double exact = sizes[c] * 0.25;
                int held = split.ValidationLabels.Count(l => l == c);
                Assert.InRange(held, Math.Floor(exact), Math.Ceiling(exact));
            }
        }

        [Fact]
        public void Stratified_split_interleaves_classes()
        {
            // Sorted labels in, shuffled rows out.
            byte[] labels = Enumerable.Range(0, 200).Select(i => (byte)(i / 20)).ToArray();
            var images = new ImageSet(new byte[200], 200, 1, 1);

            TrainValidationSplit split = Preprocessing.TrainTestSplit(images, labels, stratify: true);

            Assert.NotEqual(split.TrainLabels.Order(), split.TrainLabels);
        }

        [Fact]
        public void Mismatched_labels_are_rejected()
        {
            var images = new ImageSet(new byte[10 * 4], 10, 2, 2);

            Assert.Throws<ArgumentException>(() => Preprocessing.TrainTestSplit(images, new byte[9]));
        }

        // ---- helpers -----------------------------------------------------------------------

        /// <summary>n samples of featureCount bytes; sample i is filled with (i * 31 + j) and labelled i % classes.</summary>
        private static (ImageSet Images, byte[] Labels) Dataset(int n, int classes, int featureCount = 4)
        {
            var pixels = new byte[n * featureCount];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < featureCount; j++) pixels[i * featureCount + j] = (byte)(i * 31 + j);
            byte[] labels = Enumerable.Range(0, n).Select(i => (byte)(i % classes)).ToArray();
            return (new ImageSet(pixels, n, 1, featureCount), labels);
        }

        private static void AssertRowsMatchTheirSource(ImageSet images, byte[] labels, TrainValidationSplit split)
        {
            int f = split.FeatureCount;
            for (int row = 0; row < split.TrainCount; row++)
            {
                int source = split.TrainIndices[row];
                Assert.Equal(labels[source], split.TrainLabels[row]);
                Assert.Equal(Preprocessing.ScaleToUnit(images.Image(source)), split.TrainInputs.AsSpan(row * f, f).ToArray());
            }
            for (int row = 0; row < split.ValidationCount; row++)
            {
                int source = split.ValidationIndices[row];
                Assert.Equal(labels[source], split.ValidationLabels[row]);
                Assert.Equal(Preprocessing.ScaleToUnit(images.Image(source)), split.ValidationInputs.AsSpan(row * f, f).ToArray());
            }
        }
    }
}
