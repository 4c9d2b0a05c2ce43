using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SourceGenNet.Data;

namespace SourceGenNet.Runtime.Tests.Data
{
    /// <summary>
    /// Where the loader finds the files, in order, and how it downloads them. Everything runs in a temporary
    /// directory with a fake home, a fake environment and a fake HTTP handler: no network, no real caches.
    /// </summary>
    public sealed class FashionMnistSourceTests : IDisposable
    {
        private static readonly Uri PrimaryMirror = new("https://primary.example/datasets/");
        private static readonly Uri SecondaryMirror = new("http://secondary.example/");

        private readonly TempDirectory _temp = new();
        private readonly FakeFashionMnist _fake = new();
        private readonly Dictionary<string, string?> _environment = [];
        private readonly List<string> _log = [];
        private readonly List<DownloadProgress> _progress = [];

        public FashionMnistSourceTests()
        {
            // Unless a test says otherwise, the network is a handler that answers nothing.
            Handler = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }

        public void Dispose() => _temp.Dispose();

        private FakeHttpHandler Handler { get; set; }

        private string Home => _temp.Combine("home");

        private string OurCache => Path.Combine(Home, ".cache", "sourcegennet", "fashion-mnist");

        private string KerasCache => Path.Combine(Home, ".keras", "datasets", "fashion-mnist");

        private FashionMnistOptions Options(string? dataDirectory = null, bool allowDownload = true, bool verifyDataDirectory = false, bool official = false) => new()
        {
            DataDirectory = dataDirectory,
            GetEnvironmentVariable = name => _environment.GetValueOrDefault(name),
            HomeDirectory = Home,
            Sha256 = _fake.Sha256,
            Mirrors = [PrimaryMirror, SecondaryMirror],
            HttpHandler = Handler,
            AllowDownload = allowDownload,
            VerifyDataDirectoryChecksums = verifyDataDirectory,
            RequireOfficialCounts = official,
            Progress = p => _progress.Add(p),
            Log = _log.Add,
        };

        // ---- (1), (2): directories the user names ------------------------------------------

        [Fact]
        public void Data_directory_option_is_used_first()
        {
            string dir = _fake.WriteTo(_temp.Combine("mine"));
            new FakeFashionMnist(seed: 99).WriteTo(OurCache); // a different, valid-looking cache must not win

            FashionMnistData data = FashionMnist.Load(Options(dataDirectory: dir));

            _fake.AssertMatches(data);
            Assert.Equal(DatasetSource.DataDirectory, data.Source);
            Assert.Equal(dir, data.Location);
            Assert.Empty(Handler.Requests);
            Assert.Contains(_log, line => line.Contains(dir) && line.Contains("DataDirectory"));
        }

        [Fact]
        public void Environment_variable_directory_is_used_when_no_option_is_given()
        {
            _environment[FashionMnist.DataDirectoryVariable] = _fake.WriteTo(_temp.Combine("from-env"));

            FashionMnistData data = FashionMnist.Load(Options());

            _fake.AssertMatches(data);
            Assert.Equal(DatasetSource.EnvironmentDirectory, data.Source);
        }

        [Fact]
        public void Option_wins_over_environment_variable()
        {
            string option = _fake.WriteTo(_temp.Combine("option"));
            _environment[FashionMnist.DataDirectoryVariable] = new FakeFashionMnist(seed: 7).WriteTo(_temp.Combine("env"));

            FashionMnistData data = FashionMnist.Load(Options(dataDirectory: option));

            _fake.AssertMatches(data);
            Assert.Equal(DatasetSource.DataDirectory, data.Source);
        }

        [Fact]
        public void User_directory_is_trusted_without_checksums_by_default()
        {
            var other = new FakeFashionMnist(seed: 5); // checksums differ from the injected ones
            string dir = other.WriteTo(_temp.Combine("mine"));

            other.AssertMatches(FashionMnist.Load(Options(dataDirectory: dir)));
        }

        [Fact]
        public void User_directory_checksums_are_checked_when_asked()
        {
            string dir = new FakeFashionMnist(seed: 5).WriteTo(_temp.Combine("mine"));

            InvalidDataException e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(Options(dataDirectory: dir, verifyDataDirectory: true)));

            Assert.Contains(Path.Combine(dir, FashionMnist.TrainImagesFile), e.Message);
            Assert.Contains("SHA-256", e.Message);
        }

        [Fact]
        public void Invalid_file_in_user_directory_is_an_error_not_a_reason_to_look_elsewhere()
        {
            string dir = _fake.WriteTo(_temp.Combine("mine"));
            File.WriteAllBytes(Path.Combine(dir, FashionMnist.TestLabelsFile), [0x1f, 0x8b, 1, 2, 3]);
            _fake.WriteTo(OurCache);

            InvalidDataException e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(Options(dataDirectory: dir)));

            Assert.Contains(FashionMnist.TestLabelsFile, e.Message);
        }

        [Fact]
        public void Incomplete_user_directory_falls_through_to_the_next_source()
        {
            string dir = _fake.WriteTo(_temp.Combine("mine"));
            File.Delete(Path.Combine(dir, FashionMnist.TrainLabelsFile));
            _fake.WriteTo(OurCache);

            FashionMnistData data = FashionMnist.Load(Options(dataDirectory: dir));

            Assert.Equal(DatasetSource.Cache, data.Source);
        }

        [Fact]
        public void Official_counts_are_required_unless_a_slice_is_allowed()
        {
            string dir = _fake.WriteTo(_temp.Combine("mine"));

            InvalidDataException e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(Options(dataDirectory: dir, official: true)));

            Assert.Contains(FashionMnist.TrainImagesFile, e.Message);
            Assert.Contains("holds 30 images of 28x28; the official file holds 60000", e.Message);
            Assert.Contains(nameof(FashionMnistOptions.RequireOfficialCounts), e.Message);
        }

        // ---- (3), (4): caches --------------------------------------------------------------

        [Fact]
        public void Our_cache_under_home_is_used()
        {
            _fake.WriteTo(OurCache);

            FashionMnistData data = FashionMnist.Load(Options());

            _fake.AssertMatches(data);
            Assert.Equal(DatasetSource.Cache, data.Source);
            Assert.Equal(OurCache, data.Location);
        }

        [Fact]
        public void Our_cache_follows_XDG_CACHE_HOME()
        {
            string xdg = _temp.Combine("xdg");
            _environment["XDG_CACHE_HOME"] = xdg;
            _fake.WriteTo(Path.Combine(xdg, "sourcegennet", "fashion-mnist"));

            Assert.Equal(DatasetSource.Cache, FashionMnist.Load(Options()).Source);
        }

        [Fact]
        public void Cache_directory_option_overrides_the_default()
        {
            string cache = _fake.WriteTo(_temp.Combine("my-cache"));

            FashionMnistData data = FashionMnist.Load(new FashionMnistOptions
            {
                CacheDirectory = cache,
                GetEnvironmentVariable = _ => null,
                HomeDirectory = Home,
                Sha256 = _fake.Sha256,
                HttpHandler = Handler,
                RequireOfficialCounts = false,
            });

            Assert.Equal((DatasetSource.Cache, cache), (data.Source, data.Location));
        }

        [Fact]
        public void Keras_cache_is_used_when_ours_is_empty()
        {
            _fake.WriteTo(KerasCache);

            FashionMnistData data = FashionMnist.Load(Options());

            _fake.AssertMatches(data);
            Assert.Equal(DatasetSource.KerasCache, data.Source);
            Assert.Equal(KerasCache, data.Location);
        }

        [Fact]
        public void Keras_cache_follows_KERAS_HOME()
        {
            string kerasHome = _temp.Combine("keras-home");
            _environment["KERAS_HOME"] = kerasHome;
            _fake.WriteTo(Path.Combine(kerasHome, "datasets", "fashion-mnist"));

            Assert.Equal(DatasetSource.KerasCache, FashionMnist.Load(Options()).Source);
        }

        [Fact]
        public void Cached_file_with_a_wrong_checksum_is_skipped()
        {
            _fake.WriteTo(OurCache);
            new FakeFashionMnist(seed: 8).WriteTo(KerasCache); // wrong checksums too
            File.WriteAllBytes(Path.Combine(OurCache, FashionMnist.TrainLabelsFile), [1, 2, 3]);

            DatasetUnavailableException e = Assert.Throws<DatasetUnavailableException>(() => FashionMnist.Load(Options(allowDownload: false)));

            Assert.Contains(e.Attempts, a => a.StartsWith("our cache") && a.Contains($"{FashionMnist.TrainLabelsFile} has SHA-256"));
            Assert.Contains(e.Attempts, a => a.StartsWith("Keras' cache") && a.Contains(FashionMnist.TrainImagesFile));
        }

        // ---- (5): download -----------------------------------------------------------------

        [Fact]
        public void Download_verifies_and_moves_the_files_into_our_cache()
        {
            Handler = FakeHttpHandler.Serving(PrimaryMirror.Host, _fake.Files);

            FashionMnistData data = FashionMnist.Load(Options());

            _fake.AssertMatches(data);
            Assert.Equal(DatasetSource.Download, data.Source);
            Assert.Equal(OurCache, data.Location);
            Assert.Equal(FashionMnist.FileNames.Order(), Directory.GetFiles(OurCache).Select(Path.GetFileName).Order());
            Assert.Equal(FashionMnist.FileNames.Select(name => new Uri(PrimaryMirror, name)), Handler.Requests);
            foreach (string name in FashionMnist.FileNames)
                Assert.Equal(_fake.Files[name], File.ReadAllBytes(Path.Combine(OurCache, name)));

            // The next load finds them in the cache.
            Assert.Equal(DatasetSource.Cache, FashionMnist.Load(Options()).Source);
            Assert.Equal(4, Handler.Requests.Count);
        }

        [Fact]
        public async Task Download_works_asynchronously()
        {
            Handler = FakeHttpHandler.Serving(PrimaryMirror.Host, _fake.Files);

            FashionMnistData data = await FashionMnist.LoadAsync(Options());

            Assert.Equal(DatasetSource.Download, data.Source);
        }

        [Fact]
        public void Download_reports_progress_for_every_file()
        {
            Handler = FakeHttpHandler.Serving(PrimaryMirror.Host, _fake.Files);

            FashionMnist.Load(Options());

            foreach (string name in FashionMnist.FileNames)
            {
                List<DownloadProgress> reports = _progress.Where(p => p.FileName == name).ToList();
                long size = _fake.Files[name].Length;
                Assert.Equal(0, reports[0].BytesReceived);
                Assert.Equal(size, reports[^1].BytesReceived);
                Assert.All(reports, p => Assert.Equal(size, p.TotalBytes));
                Assert.All(reports, p => Assert.Equal(new Uri(PrimaryMirror, name), p.Url));
                Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First.BytesReceived <= pair.Second.BytesReceived));
            }
        }

        [Fact]
        public void Download_fetches_only_what_the_cache_lacks()
        {
            _fake.WriteTo(OurCache);
            File.Delete(Path.Combine(OurCache, FashionMnist.TestImagesFile));
            Handler = FakeHttpHandler.Serving(PrimaryMirror.Host, _fake.Files);

            FashionMnistData data = FashionMnist.Load(Options());

            Assert.Equal(DatasetSource.Download, data.Source);
            Assert.Equal([new Uri(PrimaryMirror, FashionMnist.TestImagesFile)], Handler.Requests);
        }

        [Fact]
        public void Download_replaces_a_cached_file_with_a_wrong_checksum()
        {
            _fake.WriteTo(OurCache);
            File.WriteAllBytes(Path.Combine(OurCache, FashionMnist.TrainLabelsFile), [0x1f, 0x8b, 0, 0]);
            Handler = FakeHttpHandler.Serving(PrimaryMirror.Host, _fake.Files);

            FashionMnistData data = FashionMnist.Load(Options());

            _fake.AssertMatches(data);
            Assert.Equal([new Uri(PrimaryMirror, FashionMnist.TrainLabelsFile)], Handler.Requests);
            Assert.Equal(_fake.Files[FashionMnist.TrainLabelsFile], File.ReadAllBytes(Path.Combine(OurCache, FashionMnist.TrainLabelsFile)));
            AssertOnlyOfficialFilesIn(OurCache);
        }

        [Fact]
        public async Task Cancellation_propagates_and_leaves_nothing_behind()
        {
            Handler = FakeHttpHandler.Serving(PrimaryMirror.Host, _fake.Files);
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FashionMnist.LoadAsync(Options(), cancelled.Token));

            Assert.Empty(Directory.GetFileSystemEntries(OurCache));
        }

        [Fact]
        public void Download_falls_back_to_the_next_mirror()
        {
            Handler = FakeHttpHandler.Serving(SecondaryMirror.Host, _fake.Files);

            FashionMnistData data = FashionMnist.Load(Options());

            _fake.AssertMatches(data);
            Assert.Equal(8, Handler.Requests.Count);
            Assert.Equal(new Uri(PrimaryMirror, FashionMnist.TrainImagesFile), Handler.Requests[0]);
            Assert.Equal(new Uri(SecondaryMirror, FashionMnist.TrainImagesFile), Handler.Requests[1]);
            AssertOnlyOfficialFilesIn(OurCache);
        }

        [Fact]
        public void Checksum_failure_leaves_nothing_behind_and_lists_what_was_tried()
        {
            Handler = new FakeHttpHandler(url => FakeHttpHandler.Ok(new FakeFashionMnist(seed: 42).Files[Path.GetFileName(url.AbsolutePath)]));
            string dir = _temp.Combine("not-there");

            DatasetUnavailableException e = Assert.Throws<DatasetUnavailableException>(() => FashionMnist.Load(Options(dataDirectory: dir)));

            Assert.Empty(Directory.GetFileSystemEntries(OurCache));
            Assert.Equal(2, Handler.Requests.Count); // the first file failed on both mirrors; the rest were not tried
            Assert.Contains($"DataDirectory '{dir}': the directory does not exist", e.Message);
            Assert.Contains("$SOURCEGENNET_DATA: not set", e.Message);
            Assert.Contains($"our cache '{OurCache}'", e.Message);
            Assert.Contains($"Keras' cache '{KerasCache}'", e.Message);
            Assert.Contains($"{new Uri(PrimaryMirror, FashionMnist.TrainImagesFile)}: SHA-256 mismatch: expected {_fake.Sha256[FashionMnist.TrainImagesFile]}", e.Message);
            Assert.Contains($"{new Uri(SecondaryMirror, FashionMnist.TrainImagesFile)}: SHA-256 mismatch", e.Message);
            Assert.Contains("To supply the files by hand", e.Message);
            Assert.Contains(FashionMnist.DataDirectoryVariable, e.Message);
        }

        [Fact]
        public void Failure_mid_stream_leaves_nothing_behind()
        {
            Handler = new FakeHttpHandler(url => FakeHttpHandler.Broken(_fake.Files[Path.GetFileName(url.AbsolutePath)], failAfter: 100));

            DatasetUnavailableException e = Assert.Throws<DatasetUnavailableException>(() => FashionMnist.Load(Options()));

            Assert.Empty(Directory.GetFileSystemEntries(OurCache));
            Assert.Contains(e.Attempts, a => a.StartsWith(new Uri(PrimaryMirror, FashionMnist.TrainImagesFile).ToString()) && a.Contains("connection reset"));
            Assert.Contains(e.Attempts, a => a.StartsWith(new Uri(SecondaryMirror, FashionMnist.TrainImagesFile).ToString()) && a.Contains("connection reset"));
        }

        [Fact]
        public void Short_body_is_a_failure_and_leaves_nothing_behind()
        {
            // The server announces the full length but closes early without an error.
            Handler = new FakeHttpHandler(url =>
            {
                byte[] whole = _fake.Files[Path.GetFileName(url.AbsolutePath)];
                HttpResponseMessage response = FakeHttpHandler.Ok(whole[..(whole.Length / 2)]);
                response.Content.Headers.ContentLength = whole.Length;
                return response;
            });

            DatasetUnavailableException e = Assert.Throws<DatasetUnavailableException>(() => FashionMnist.Load(Options()));

            Assert.Empty(Directory.GetFileSystemEntries(OurCache));
            Assert.Contains(e.Attempts, a => a.StartsWith(new Uri(PrimaryMirror, FashionMnist.TrainImagesFile).ToString()) && a.Contains("the connection closed after"));
        }

        [Fact]
        public void Broken_first_mirror_then_good_second_mirror_succeeds_without_leftovers()
        {
            Handler = new FakeHttpHandler(url =>
            {
                byte[] bytes = _fake.Files[Path.GetFileName(url.AbsolutePath)];
                return url.Host == PrimaryMirror.Host ? FakeHttpHandler.Broken(bytes, failAfter: 10) : FakeHttpHandler.Ok(bytes);
            });

            FashionMnistData data = FashionMnist.Load(Options());

            _fake.AssertMatches(data);
            AssertOnlyOfficialFilesIn(OurCache);
        }

        [Fact]
        public void Network_errors_are_listed_per_url()
        {
            Handler = new FakeHttpHandler(url => throw new HttpRequestException($"Name or service not known ({url.Host}:80)"));

            DatasetUnavailableException e = Assert.Throws<DatasetUnavailableException>(() => FashionMnist.Load(Options()));

            Assert.Contains(e.Attempts, a => a.Contains("primary.example") && a.Contains("Name or service not known"));
            Assert.Contains(e.Attempts, a => a.Contains("secondary.example") && a.Contains("Name or service not known"));
        }

        [Fact]
        public void Http_errors_are_listed_per_url()
        {
            Handler = FakeHttpHandler.Serving("nowhere.example", _fake.Files);

            DatasetUnavailableException e = Assert.Throws<DatasetUnavailableException>(() => FashionMnist.Load(Options()));

            Assert.Contains($"{new Uri(PrimaryMirror, FashionMnist.TrainImagesFile)}: HTTP 404 (Not Found)", e.Message);
        }

        [Fact]
        public void Without_download_the_exception_lists_the_directories_and_says_so()
        {
            DatasetUnavailableException e = Assert.Throws<DatasetUnavailableException>(() => FashionMnist.Load(Options(allowDownload: false)));

            Assert.Equal(5, e.Attempts.Count);
            Assert.Contains("download: disabled", e.Message);
            Assert.Empty(Handler.Requests);
            Assert.False(Directory.Exists(OurCache));
        }

        // ---- dataset checks ----------------------------------------------------------------

        [Fact]
        public void Images_and_labels_count_mismatch_is_reported()
        {
            string dir = _fake.WriteTo(_temp.Combine("mine"));
            string labels = Path.Combine(dir, FashionMnist.TrainLabelsFile);
            Idx.WriteLabels(labels, _fake.TrainLabels[..29], gzip: true);

            IdxTests.AssertInvalid(labels, () => FashionMnist.LoadDirectory(dir, requireOfficialCounts: false),
                "holds 29 labels but train-images-idx3-ubyte.gz holds 30 images");
        }

        [Fact]
        public void Label_out_of_range_is_reported()
        {
            string dir = _fake.WriteTo(_temp.Combine("mine"));
            string labels = Path.Combine(dir, FashionMnist.TestLabelsFile);
            byte[] bad = (byte[])_fake.TestLabels.Clone();
            bad[4] = 10;
            bad[7] = 255;
            Idx.WriteLabels(labels, bad, gzip: true);

            IdxTests.AssertInvalid(labels, () => FashionMnist.LoadDirectory(dir, requireOfficialCounts: false),
                "label 10 at index 4 is outside 0..9", "2 labels out of range");
        }

        [Fact]
        public void Train_and_test_image_sizes_must_agree()
        {
            string dir = _fake.WriteTo(_temp.Combine("mine"));
            string test = Path.Combine(dir, FashionMnist.TestImagesFile);
            Idx.WriteImages(test, new ImageSet(new byte[10 * 14 * 14], 10, 14, 14), gzip: true);

            IdxTests.AssertInvalid(test, () => FashionMnist.LoadDirectory(dir, requireOfficialCounts: false), "14x14", "28x28");
        }

        [Fact]
        public void Result_deconstructs_like_the_keras_tuple()
        {
            string dir = _fake.WriteTo(_temp.Combine("mine"));

            var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadDirectory(dir, requireOfficialCounts: false);

            Assert.Equal((30, 28, 28), (xTrain.Count, xTrain.Rows, xTrain.Cols));
            Assert.Equal(30, yTrain.Length);
            Assert.Equal(10, xTest.Count);
            Assert.Equal(_fake.TestLabels, yTest);
        }

        [Fact]
        public void Class_names_are_the_tutorials()
        {
            Assert.Equal(
                ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
                FashionMnist.ClassNames);
        }

        [Fact]
        public void Missing_checksum_for_a_file_is_rejected_up_front()
        {
            var options = new FashionMnistOptions { Sha256 = new Dictionary<string, string>(), HttpHandler = Handler, GetEnvironmentVariable = _ => null, HomeDirectory = Home };

            Assert.Throws<ArgumentException>(() => FashionMnist.Load(options));
        }

        private static void AssertOnlyOfficialFilesIn(string directory)
            => Assert.Equal(FashionMnist.FileNames.Order(), Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order());
    }
}
