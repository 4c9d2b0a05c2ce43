using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using SourceGenNet.Data;

namespace SourceGenNet.Runtime.Tests.Data
{
    /// <summary>A fresh directory under the system temp directory, deleted with everything in it on dispose.</summary>
    internal sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sgn-data-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A small dataset in the Fashion-MNIST layout (four gzip IDX files), with known contents and checksums.</summary>
    internal sealed class FakeFashionMnist
    {
        public FakeFashionMnist(int trainCount = 30, int testCount = 10, int seed = 1)
        {
            var random = new Random(seed);
            TrainImages = RandomImages(random, trainCount);
            TestImages = RandomImages(random, testCount);
            TrainLabels = Labels(trainCount);
            TestLabels = Labels(testCount);
            Files = new Dictionary<string, byte[]>
            {
                [FashionMnist.TrainImagesFile] = Bytes(path => Idx.WriteImages(path, TrainImages, gzip: true)),
                [FashionMnist.TrainLabelsFile] = Bytes(path => Idx.WriteLabels(path, TrainLabels, gzip: true)),
                [FashionMnist.TestImagesFile] = Bytes(path => Idx.WriteImages(path, TestImages, gzip: true)),
                [FashionMnist.TestLabelsFile] = Bytes(path => Idx.WriteLabels(path, TestLabels, gzip: true)),
            };
            Sha256 = new Dictionary<string, string>();
            foreach ((string name, byte[] bytes) in Files) Sha256[name] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        }

        public ImageSet TrainImages { get; }
        public byte[] TrainLabels { get; }
        public ImageSet TestImages { get; }
        public byte[] TestLabels { get; }

        /// <summary>The gzip bytes of each file, by its official name.</summary>
        public Dictionary<string, byte[]> Files { get; }

        /// <summary>SHA-256 of each file, to inject as the expected checksums.</summary>
        public Dictionary<string, string> Sha256 { get; }

        /// <summary>Writes the four files into <paramref name="directory"/> (created if needed) and returns it.</summary>
        public string WriteTo(string directory)
        {
            Directory.CreateDirectory(directory);
            foreach ((string name, byte[] bytes) in Files) File.WriteAllBytes(System.IO.Path.Combine(directory, name), bytes);
            return directory;
        }

        public void AssertMatches(FashionMnistData data)
        {
            Assert.Equal(TrainImages.Pixels, data.TrainImages.Pixels);
            Assert.Equal(TrainLabels, data.TrainLabels);
            Assert.Equal(TestImages.Pixels, data.TestImages.Pixels);
            Assert.Equal(TestLabels, data.TestLabels);
        }

        private static ImageSet RandomImages(Random random, int count)
        {
            var pixels = new byte[count * 28 * 28];
            random.NextBytes(pixels);
            return new ImageSet(pixels, count, 28, 28);
        }

        private static byte[] Labels(int count)
        {
            var labels = new byte[count];
            for (int i = 0; i < count; i++) labels[i] = (byte)(i * 7 % 10);
            return labels;
        }

        private static byte[] Bytes(Action<string> write)
        {
            string path = System.IO.Path.GetTempFileName();
            try
            {
                write(path);
                return File.ReadAllBytes(path);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Serves canned responses per URL and records every request; no network is involved.</summary>
    internal sealed class FakeHttpHandler : HttpMessageHandler
    {
        private readonly Func<Uri, HttpResponseMessage> _respond;

        public FakeHttpHandler(Func<Uri, HttpResponseMessage> respond) => _respond = respond;

        public List<Uri> Requests { get; } = [];

        /// <summary>Serves <paramref name="files"/> (by file name) under any base URL whose host is <paramref name="host"/>; 404 elsewhere.</summary>
        public static FakeHttpHandler Serving(string host, IReadOnlyDictionary<string, byte[]> files)
            => new(url => url.Host == host && files.TryGetValue(System.IO.Path.GetFileName(url.AbsolutePath), out byte[]? bytes)
                ? Ok(bytes)
                : new HttpResponseMessage(HttpStatusCode.NotFound) { ReasonPhrase = "Not Found" });

        public static HttpResponseMessage Ok(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentLength = bytes.Length;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        /// <summary>A 200 response that announces <paramref name="bytes"/> but fails after <paramref name="failAfter"/> of them.</summary>
        public static HttpResponseMessage Broken(byte[] bytes, int failAfter)
        {
            var content = new StreamContent(new FailingStream(bytes, failAfter));
            content.Headers.ContentLength = bytes.Length;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add(request.RequestUri!);
            return Task.FromResult(_respond(request.RequestUri!));
        }

        /// <summary>Yields the first bytes, then throws as a reset connection would.</summary>
        private sealed class FailingStream(byte[] bytes, int failAfter) : MemoryStream(bytes, 0, failAfter)
        {
            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = base.Read(buffer, offset, count);
                return n > 0 ? n : throw new IOException("connection reset by peer (simulated)");
            }

            public override int Read(Span<byte> buffer)
            {
                int n = base.Read(buffer);
                return n > 0 ? n : throw new IOException("connection reset by peer (simulated)");
            }

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
                => ValueTask.FromResult(Read(buffer.Span));

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                => Task.FromResult(Read(buffer, offset, count));
        }
    }

    /// <summary>Paths of the checked-in test data, found from this source file (no copy to the output directory needed).</summary>
    internal static class TestDataPaths
    {
        public static string FashionMnistSlice => Path.Combine(TestDataRoot(), "fashion-mnist-slice");

        private static string TestDataRoot([CallerFilePath] string sourceFile = "")
        {
            // tests/Runtime.Tests/Data/TestSupport.cs -> tests/TestData
            string? fromSource = Path.GetDirectoryName(sourceFile) is { } dir ? Path.GetFullPath(Path.Combine(dir, "..", "..", "TestData")) : null;
            if (fromSource is not null && Directory.Exists(fromSource)) return fromSource;

            // A build with mapped source paths: walk up from the test binaries instead.
            for (DirectoryInfo? at = new(AppContext.BaseDirectory); at is not null; at = at.Parent)
            {
                string candidate = Path.Combine(at.FullName, "tests", "TestData");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException($"tests/TestData not found from {sourceFile} or {AppContext.BaseDirectory}");
        }
    }
}
