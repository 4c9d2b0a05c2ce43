using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace SourceGenNet.Data
{
    /// <summary>
    /// Downloads one file so that the destination either holds bytes with the expected SHA-256 or is
    /// left untouched: the body is streamed into a uniquely named temporary file next to the
    /// destination while it is hashed, and only a verified file is renamed into place (a rename within
    /// one directory is atomic). On any failure the temporary file is deleted before the exception leaves.
    /// </summary>
    internal static class VerifiedDownload
    {
        private const int ChunkSize = 1 << 16;

        /// <summary>Hex SHA-256 of a file's bytes, lowercase.</summary>
        public static string Sha256OfFile(string path)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.SequentialScan);
            return Convert.ToHexStringLower(SHA256.HashData(file));
        }

        /// <summary>
        /// Downloads <paramref name="url"/> to <paramref name="destinationPath"/>, replacing it, if and only if
        /// the bytes hash to <paramref name="expectedSha256"/>. Throws (leaving no file behind) otherwise.
        /// </summary>
        public static async Task DownloadAsync(
            HttpClient http, Uri url, string destinationPath, string expectedSha256,
            Action<DownloadProgress>? progress, TimeSpan timeout, CancellationToken cancellationToken)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(destinationPath))!;
            string fileName = Path.GetFileName(destinationPath);
            string temporaryPath = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.partial");

            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            CancellationToken token = timeoutSource.Token;
            try
            {
                using HttpResponseMessage response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw new HttpRequestException($"HTTP {(int)response.StatusCode} ({response.ReasonPhrase})", null, response.StatusCode);

                long? total = response.Content.Headers.ContentLength;
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long received = 0;
                progress?.Invoke(new DownloadProgress(fileName, url, 0, total));

                await using (Stream body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false))
                await using (var output = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, ChunkSize, FileOptions.Asynchronous))
                {
                    var buffer = new byte[ChunkSize];
                    int n;
                    while ((n = await body.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        await output.WriteAsync(buffer.AsMemory(0, n), token).ConfigureAwait(false);
                        received += n;
                        progress?.Invoke(new DownloadProgress(fileName, url, received, total));
                    }
                    await output.FlushAsync(token).ConfigureAwait(false);
                }

                if (total is long announced && announced != received)
                    throw new IOException($"the connection closed after {received} of {announced} bytes");
                string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidDataException($"SHA-256 mismatch: expected {expectedSha256}, got {actual} ({received} bytes)");

                File.Move(temporaryPath, destinationPath, overwrite: true);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no complete response within {timeout}");
            }
            finally
            {
                // Nothing partial survives: after a successful move the temporary file no longer exists.
                TryDelete(temporaryPath);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
