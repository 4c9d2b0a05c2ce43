using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SourceGenNet.Data
{
    /// <summary>
    /// Fashion-MNIST (© 2017 Zalando SE, MIT licence): 70,000 grayscale 28 x 28 images of 10 kinds of
    /// clothing, split 60,000 / 10,000. <see cref="Load"/> is the counterpart of
    /// <c>keras.datasets.fashion_mnist.load_data()</c>: the same four files, the same arrays, the same order.
    /// <para>
    /// Files are looked for, in order, in: (1) <see cref="FashionMnistOptions.DataDirectory"/>;
    /// (2) the directory in the environment variable <c>SOURCEGENNET_DATA</c>; (3) our cache
    /// (<c>~/.cache/sourcegennet/fashion-mnist</c>); (4) Keras' cache (<c>~/.keras/datasets/fashion-mnist</c>);
    /// and finally (5) downloaded from <see cref="OfficialMirrors"/> into our cache. The first two are
    /// directories the user names: they are trusted (no checksum by default) but parsed and validated,
    /// and a present but invalid file there is an error. The caches and downloads must match
    /// <see cref="OfficialSha256"/>; a download lands in the cache only once verified.
    /// </para>
    /// </summary>
    public static class FashionMnist
    {
        /// <summary>Training images: 60,000 x 28 x 28.</summary>
        public const string TrainImagesFile = "train-images-idx3-ubyte.gz";

        /// <summary>Training labels: 60,000.</summary>
        public const string TrainLabelsFile = "train-labels-idx1-ubyte.gz";

        /// <summary>Test images: 10,000 x 28 x 28.</summary>
        public const string TestImagesFile = "t10k-images-idx3-ubyte.gz";

        /// <summary>Test labels: 10,000.</summary>
        public const string TestLabelsFile = "t10k-labels-idx1-ubyte.gz";

        /// <summary>The environment variable naming a directory that holds the four files.</summary>
        public const string DataDirectoryVariable = "SOURCEGENNET_DATA";

        /// <summary>Images in the official training file.</summary>
        public const int TrainCount = 60_000;

        /// <summary>Images in the official test file.</summary>
        public const int TestCount = 10_000;

        /// <summary>Image height and width.</summary>
        public const int ImageSize = 28;

        /// <summary>Number of classes; labels are 0..9.</summary>
        public const int ClassCount = 10;

        /// <summary>The class names by label, as in the Keras tutorial.</summary>
        public static IReadOnlyList<string> ClassNames { get; } = Array.AsReadOnly(
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);

        /// <summary>The four file names, the same as Keras' and Zalando's.</summary>
        public static IReadOnlyList<string> FileNames { get; } = Array.AsReadOnly(
            [TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile]);

        /// <summary>
        /// SHA-256 of the official .gz files, as published by tensorflow/datasets and checked by Keras'
        /// <c>load_data()</c>. (Zalando and torchvision publish MD5s of the same bytes.)
        /// </summary>
        public static IReadOnlyDictionary<string, string> OfficialSha256 { get; } = new ReadOnlyDictionary<string, string>(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [TrainImagesFile] = "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                [TrainLabelsFile] = "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                [TestImagesFile] = "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                [TestLabelsFile] = "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            });

        /// <summary>
        /// Where the files are downloaded from, in order: the bucket Keras' <c>load_data()</c> uses, then
        /// Zalando's own S3 site that torchvision's <c>FashionMNIST</c> uses (plain HTTP only; integrity
        /// comes from the checksum, not the transport).
        /// </summary>
        public static IReadOnlyList<Uri> OfficialMirrors { get; } = Array.AsReadOnly(
        [
            new Uri("https://storage.googleapis.com/tensorflow/tf-keras-datasets/"),
            new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
        ]);

        /// <summary>Finds (or downloads) and reads the dataset; see the class remarks for the search order.</summary>
        /// <exception cref="DatasetUnavailableException">No source had the files; the message lists what was tried.</exception>
        /// <exception cref="InvalidDataException">A file was found but is invalid.</exception>
        public static FashionMnistData Load(FashionMnistOptions? options = null)
            => LoadAsync(options).GetAwaiter().GetResult();

        /// <inheritdoc cref="Load"/>
        public static async Task<FashionMnistData> LoadAsync(FashionMnistOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new FashionMnistOptions();
            foreach (string name in FileNames)
                if (!options.Sha256.ContainsKey(name))
                    throw new ArgumentException($"{nameof(FashionMnistOptions.Sha256)} has no checksum for {name}.", nameof(options));

            var attempts = new List<string>();

            // (1) and (2): directories the user names. Trusted, but parsed and validated.
            FashionMnistData? data =
                TryUserDirectory(options.DataDirectory, $"{nameof(FashionMnistOptions)}.{nameof(FashionMnistOptions.DataDirectory)}", DatasetSource.DataDirectory, options, attempts)
                ?? TryUserDirectory(options.GetEnvironmentVariable(DataDirectoryVariable), $"${DataDirectoryVariable}", DatasetSource.EnvironmentDirectory, options, attempts);
            if (data is not null) return data;

            // (3) Our cache and (4) Keras' cache: only files with the expected checksums count.
            string cache = options.ResolveCacheDirectory();
            List<string> cacheNeeds = FilesFailingChecksum(cache, "our cache", options, attempts);
            if (cacheNeeds.Count == 0) return Use(cache, DatasetSource.Cache, options);

            string keras = options.ResolveKerasCacheDirectory();
            if (FilesFailingChecksum(keras, "Keras' cache", options, attempts).Count == 0) return Use(keras, DatasetSource.KerasCache, options);

            // (5) Download what our cache lacks, each file from the first mirror that delivers it intact.
            if (!options.AllowDownload)
            {
                attempts.Add($"download: disabled ({nameof(FashionMnistOptions)}.{nameof(FashionMnistOptions.AllowDownload)} is false)");
                throw Unavailable(attempts, cache);
            }
            try
            {
                Directory.CreateDirectory(cache);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                attempts.Add($"download: cannot create the cache directory '{cache}': {e.Message}");
                throw Unavailable(attempts, cache, e);
            }

            HttpClient http = options.HttpHandler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
            using (http)
            {
                http.Timeout = Timeout.InfiniteTimeSpan; // VerifiedDownload applies DownloadTimeout to headers and body together
                http.DefaultRequestHeaders.UserAgent.ParseAdd("SourceGenNet");
                foreach (string name in cacheNeeds)
                    if (!await DownloadFromAnyMirrorAsync(http, name, cache, options, attempts, cancellationToken).ConfigureAwait(false))
                        throw Unavailable(attempts, cache);
            }
            return Use(cache, DatasetSource.Download, options);
        }

        /// <summary>
        /// Reads and validates the four files in <paramref name="directory"/>, without searching elsewhere
        /// and without checksums. With <paramref name="requireOfficialCounts"/> false, a slice with other
        /// counts is accepted.
        /// </summary>
        /// <exception cref="InvalidDataException">A file is invalid, labels are out of range, or counts disagree.</exception>
        public static FashionMnistData LoadDirectory(string directory, bool requireOfficialCounts = true)
            => Read(directory, DatasetSource.DataDirectory, requireOfficialCounts);

        private static FashionMnistData? TryUserDirectory(string? directory, string label, DatasetSource source, FashionMnistOptions options, List<string> attempts)
        {
            if (string.IsNullOrEmpty(directory))
            {
                attempts.Add($"{label}: not set");
                return null;
            }
            options.Log?.Invoke($"Fashion-MNIST: looking in {directory} ({label})");
            if (!Directory.Exists(directory))
            {
                attempts.Add($"{label} '{directory}': the directory does not exist");
                return null;
            }
            var missing = new List<string>();
            foreach (string name in FileNames)
                if (!File.Exists(Path.Combine(directory, name))) missing.Add(name);
            if (missing.Count > 0)
            {
                attempts.Add($"{label} '{directory}': missing {string.Join(", ", missing)}");
                return null;
            }
            if (options.VerifyDataDirectoryChecksums)
            {
                foreach (string name in FileNames)
                {
                    string path = Path.Combine(directory, name);
                    string actual = VerifiedDownload.Sha256OfFile(path);
                    if (!string.Equals(actual, options.Sha256[name], StringComparison.OrdinalIgnoreCase))
                        throw DataFileError.Create(path, $"SHA-256 is {actual}, expected {options.Sha256[name]}");
                }
            }
            return Use(directory, source, options);
        }

        /// <summary>The files in <paramref name="directory"/> that are missing or fail their checksum; each problem is noted in <paramref name="attempts"/>.</summary>
        private static List<string> FilesFailingChecksum(string directory, string label, FashionMnistOptions options, List<string> attempts)
        {
            options.Log?.Invoke($"Fashion-MNIST: looking in {directory} ({label})");
            var failing = new List<string>();
            var problems = new List<string>();
            bool exists = Directory.Exists(directory);
            foreach (string name in FileNames)
            {
                string path = Path.Combine(directory, name);
                if (!exists || !File.Exists(path))
                {
                    failing.Add(name);
                    problems.Add($"{name} missing");
                    continue;
                }
                string actual;
                try
                {
                    actual = VerifiedDownload.Sha256OfFile(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failing.Add(name);
                    problems.Add($"{name} unreadable ({e.Message})");
                    continue;
                }
                if (!string.Equals(actual, options.Sha256[name], StringComparison.OrdinalIgnoreCase))
                {
                    failing.Add(name);
                    problems.Add($"{name} has SHA-256 {actual}, expected {options.Sha256[name]}");
                }
            }
            if (!exists) attempts.Add($"{label} '{directory}': the directory does not exist");
            else if (failing.Count > 0) attempts.Add($"{label} '{directory}': {string.Join("; ", problems)}");
            return failing;
        }

        private static async Task<bool> DownloadFromAnyMirrorAsync(HttpClient http, string name, string cache, FashionMnistOptions options, List<string> attempts, CancellationToken cancellationToken)
        {
            string destination = Path.Combine(cache, name);
            foreach (Uri mirror in options.Mirrors)
            {
                var url = new Uri(mirror, name);
                options.Log?.Invoke($"Fashion-MNIST: downloading {url}");
                try
                {
                    await VerifiedDownload.DownloadAsync(http, url, destination, options.Sha256[name], options.Progress, options.DownloadTimeout, cancellationToken).ConfigureAwait(false);
                    options.Log?.Invoke($"Fashion-MNIST: {name} verified and saved to {destination}");
                    return true;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    attempts.Add($"{url}: {Describe(e)}");
                    options.Log?.Invoke($"Fashion-MNIST: {url} failed: {Describe(e)}");
                }
            }
            return false;
        }

        private static string Describe(Exception e)
            => e.InnerException is { } inner && e is HttpRequestException && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{e.Message} ({inner.Message})"
                : e.Message;

        private static DatasetUnavailableException Unavailable(List<string> attempts, string cache, Exception? inner = null)
            => new(
                "Fashion-MNIST",
                attempts,
                $"To supply the files by hand, get {string.Join(", ", FileNames)} (from one of the mirrors, or via https://github.com/zalandoresearch/fashion-mnist) " +
                $"and put them in '{cache}', or put them in any directory and name it in ${DataDirectoryVariable} " +
                $"or {nameof(FashionMnistOptions)}.{nameof(FashionMnistOptions.DataDirectory)}.",
                inner);

        private static FashionMnistData Use(string directory, DatasetSource source, FashionMnistOptions options)
        {
            FashionMnistData data = Read(directory, source, options.RequireOfficialCounts);
            options.Log?.Invoke($"Fashion-MNIST: loaded {data.TrainImages.Count} training and {data.TestImages.Count} test images from {directory} ({source})");
            return data;
        }

        private static FashionMnistData Read(string directory, DatasetSource source, bool requireOfficialCounts)
        {
            string trainImagesPath = Path.Combine(directory, TrainImagesFile);
            string trainLabelsPath = Path.Combine(directory, TrainLabelsFile);
            string testImagesPath = Path.Combine(directory, TestImagesFile);
            string testLabelsPath = Path.Combine(directory, TestLabelsFile);

            ImageSet trainImages = Idx.ReadImages(trainImagesPath);
            byte[] trainLabels = Idx.ReadLabels(trainLabelsPath);
            ImageSet testImages = Idx.ReadImages(testImagesPath);
            byte[] testLabels = Idx.ReadLabels(testLabelsPath);

            Validate(trainImagesPath, trainImages, trainLabelsPath, trainLabels, requireOfficialCounts ? TrainCount : null);
            Validate(testImagesPath, testImages, testLabelsPath, testLabels, requireOfficialCounts ? TestCount : null);
            if (testImages.Rows != trainImages.Rows || testImages.Cols != trainImages.Cols)
                throw DataFileError.Create(testImagesPath, $"holds {testImages.Rows}x{testImages.Cols} images but {TrainImagesFile} holds {trainImages.Rows}x{trainImages.Cols}");

            return new FashionMnistData(trainImages, trainLabels, testImages, testLabels, source, directory);
        }

        /// <summary>Checks one images/labels pair: matching counts, the official shape if required, labels in 0..9.</summary>
        internal static void Validate(string imagesPath, ImageSet images, string labelsPath, byte[] labels, int? officialCount)
        {
            if (officialCount is int expected && (images.Count != expected || images.Rows != ImageSize || images.Cols != ImageSize))
                throw DataFileError.Create(imagesPath,
                    $"holds {images.Count} images of {images.Rows}x{images.Cols}; the official file holds {expected} of {ImageSize}x{ImageSize} " +
                    $"(set {nameof(FashionMnistOptions.RequireOfficialCounts)} = false to load a slice)");
            if (images.Count != labels.Length)
                throw DataFileError.Create(labelsPath, $"holds {labels.Length} labels but {Path.GetFileName(imagesPath)} holds {images.Count} images");

            int bad = labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(ClassCount - 1));
            if (bad >= 0)
            {
                int badCount = labels.Length - labels.AsSpan().CountInRange(0, ClassCount - 1);
                throw DataFileError.Create(labelsPath, $"label {labels[bad]} at index {bad} is outside 0..{ClassCount - 1} ({badCount} labels out of range)");
            }
        }

        private static int CountInRange(this Span<byte> span, int low, int high)
        {
            int count = 0;
            foreach (byte b in span)
                if (b >= low && b <= high) count++;
            return count;
        }
    }
}
