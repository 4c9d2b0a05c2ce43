using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using SourceGenNet.Data;

namespace SourceGenNet.Runtime.Tests.Data
{
    /// <summary>
    /// The slice of Fashion-MNIST in tests/TestData/fashion-mnist-slice: the first 600 training and the
    /// first 100 test images of the official files, with their labels, in the official file names.
    /// </summary>
    public sealed class ShippedSliceTests
    {
        internal const int TrainCount = 600;
        internal const int TestCount = 100;

        [Fact]
        public void Slice_loads_through_the_data_directory_option()
        {
            using var temp = new TempDirectory();

            FashionMnistData data = FashionMnist.Load(new FashionMnistOptions
            {
                DataDirectory = TestDataPaths.FashionMnistSlice,
                RequireOfficialCounts = false,
                GetEnvironmentVariable = _ => null,
                HomeDirectory = temp.Path,
                HttpHandler = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)),
            });

            Assert.Equal(DatasetSource.DataDirectory, data.Source);
            Assert.Equal((TrainCount, 28, 28), (data.TrainImages.Count, data.TrainImages.Rows, data.TrainImages.Cols));
            Assert.Equal((TestCount, 28, 28), (data.TestImages.Count, data.TestImages.Rows, data.TestImages.Cols));
            Assert.Equal(TrainCount, data.TrainLabels.Length);
            Assert.Equal(TestCount, data.TestLabels.Length);
            Assert.All(data.TrainLabels, label => Assert.InRange(label, 0, 9));
            Assert.All(data.TestLabels, label => Assert.InRange(label, 0, 9));
            Assert.Equal(10, data.TrainLabels.Distinct().Count()); // every class is represented
        }

        [Fact]
        public void Slice_is_rejected_when_official_counts_are_required()
        {
            Assert.Throws<InvalidDataException>(() => FashionMnist.LoadDirectory(TestDataPaths.FashionMnistSlice));
        }

        [Fact]
        public void Slice_files_match_their_SHA256SUMS_and_stay_small()
        {
            string dir = TestDataPaths.FashionMnistSlice;
            string[] lines = File.ReadAllLines(Path.Combine(dir, "SHA256SUMS")).Where(line => line.Length > 0).ToArray();

            Assert.Equal(FashionMnist.FileNames, lines.Select(line => line[66..]));
            foreach (string line in lines)
            {
                string expected = line[..64];
                string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, line[66..]))));
                Assert.Equal(expected, actual);
            }
            Assert.True(File.Exists(Path.Combine(dir, "README.md")));
            Assert.True(File.Exists(Path.Combine(dir, "LICENSE")));
            long total = Directory.GetFiles(dir).Sum(file => new FileInfo(file).Length);
            Assert.True(total < 400_000, $"the slice takes {total} bytes");
        }

        /// <summary>
        /// With the official files available through SOURCEGENNET_DATA, checks that the slice is exactly their first
        /// images and labels; and with SOURCEGENNET_WRITE_SLICE=1 as well, (re)writes the slice first. Without the
        /// official files there is nothing to compare, and the test passes vacuously. To regenerate:
        /// <code>
        /// SOURCEGENNET_DATA=&lt;dir with the four official .gz files&gt; SOURCEGENNET_WRITE_SLICE=1 \
        ///   dotnet test tests/Runtime.Tests --filter "FullyQualifiedName~ShippedSliceTests.Slice_is_the_head_of_the_official_files"
        /// </code>
        /// </summary>
        [Fact]
        public void Slice_is_the_head_of_the_official_files()
        {
            string? official = Environment.GetEnvironmentVariable(FashionMnist.DataDirectoryVariable);
            if (string.IsNullOrEmpty(official))
            {
                // Without the official files at hand, check what is known of them: the official
                // training set opens with these labels (ankle boot, T-shirt, T-shirt, dress, ...).
                FashionMnistData shipped = FashionMnist.LoadDirectory(TestDataPaths.FashionMnistSlice, requireOfficialCounts: false);
                Assert.Equal(new byte[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, shipped.TrainLabels[..10]);
                return;
            }
            FashionMnistData full = FashionMnist.LoadDirectory(official);
            string dir = TestDataPaths.FashionMnistSlice;

            if (Environment.GetEnvironmentVariable("SOURCEGENNET_WRITE_SLICE") == "1")
                WriteSlice(full, dir, Path.Combine(official, "LICENSE"));

            FashionMnistData slice = FashionMnist.LoadDirectory(dir, requireOfficialCounts: false);
            Assert.Equal(full.TrainImages.Take(TrainCount).Pixels, slice.TrainImages.Pixels);
            Assert.Equal(full.TrainLabels[..TrainCount], slice.TrainLabels);
            Assert.Equal(full.TestImages.Take(TestCount).Pixels, slice.TestImages.Pixels);
            Assert.Equal(full.TestLabels[..TestCount], slice.TestLabels);
        }

        /// <summary>Writes the four gzip IDX files, SHA256SUMS and a copy of LICENSE (README.md is written by hand).</summary>
        private static void WriteSlice(FashionMnistData full, string directory, string licensePath)
        {
            Directory.CreateDirectory(directory);
            Idx.WriteImages(Path.Combine(directory, FashionMnist.TrainImagesFile), full.TrainImages.Take(TrainCount), gzip: true);
            Idx.WriteLabels(Path.Combine(directory, FashionMnist.TrainLabelsFile), full.TrainLabels.AsSpan(0, TrainCount), gzip: true);
            Idx.WriteImages(Path.Combine(directory, FashionMnist.TestImagesFile), full.TestImages.Take(TestCount), gzip: true);
            Idx.WriteLabels(Path.Combine(directory, FashionMnist.TestLabelsFile), full.TestLabels.AsSpan(0, TestCount), gzip: true);
            if (File.Exists(licensePath)) File.WriteAllBytes(Path.Combine(directory, "LICENSE"), File.ReadAllBytes(licensePath)); // a copy, not the read-only mode

            var sums = new StringBuilder();
            foreach (string name in FashionMnist.FileNames)
                sums.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, name))))).Append("  ").Append(name).Append('\n');
            File.WriteAllText(Path.Combine(directory, "SHA256SUMS"), sums.ToString());
        }
    }
}
