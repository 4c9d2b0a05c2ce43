using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;

namespace SourceGenNet.Data
{
    /// <summary>
    /// Where <see cref="FashionMnist.Load"/> looks for the four files and how it downloads them.
    /// The defaults reproduce <c>keras.datasets.fashion_mnist.load_data()</c>; every place the loader
    /// would touch outside its arguments (environment, home, cache, network) can be replaced here,
    /// which is what the tests do.
    /// </summary>
    public sealed class FashionMnistOptions
    {
        /// <summary>
        /// A directory holding the four files, looked at first. Files here are trusted (no checksum
        /// unless <see cref="VerifyDataDirectoryChecksums"/>) but always parsed and validated; a
        /// present but invalid file is an error rather than a reason to look elsewhere.
        /// </summary>
        public string? DataDirectory { get; init; }

        /// <summary>
        /// Reads an environment variable; <see cref="FashionMnist.DataDirectoryVariable"/> names a directory
        /// looked at second (same rules as <see cref="DataDirectory"/>), and <c>XDG_CACHE_HOME</c> and
        /// <c>KERAS_HOME</c> place the caches. Defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.
        /// </summary>
        public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

        /// <summary>
        /// Our cache, looked at third and where downloads go. Default:
        /// <c>$XDG_CACHE_HOME/sourcegennet/fashion-mnist</c>, else <c>~/.cache/sourcegennet/fashion-mnist</c>
        /// (on Windows <c>%LOCALAPPDATA%\sourcegennet\fashion-mnist</c>).
        /// </summary>
        public string? CacheDirectory { get; init; }

        /// <summary>
        /// The home directory under which Keras' cache (<c>.keras/datasets/fashion-mnist</c>) and, by default,
        /// our cache are found. Default: the user profile directory.
        /// </summary>
        public string? HomeDirectory { get; init; }

        /// <summary>Whether to download missing files into the cache (the last resort). Default true.</summary>
        public bool AllowDownload { get; init; } = true;

        /// <summary>Base URLs tried in order for each file (each ends with '/'). Default: <see cref="FashionMnist.OfficialMirrors"/>.</summary>
        public IReadOnlyList<Uri> Mirrors { get; init; } = FashionMnist.OfficialMirrors;

        /// <summary>
        /// Expected SHA-256 (lowercase hex) of each .gz file, by file name. Downloads and both caches are
        /// checked against it. Default: <see cref="FashionMnist.OfficialSha256"/>.
        /// </summary>
        public IReadOnlyDictionary<string, string> Sha256 { get; init; } = FashionMnist.OfficialSha256;

        /// <summary>Also check files in <see cref="DataDirectory"/> and the environment directory against <see cref="Sha256"/>. Default false.</summary>
        public bool VerifyDataDirectoryChecksums { get; init; }

        /// <summary>
        /// Require the official shapes: 60,000 training and 10,000 test images of 28 x 28. Default true.
        /// Set false to load a slice (any counts, with train and test images of the same size),
        /// such as the one the tests ship.
        /// </summary>
        public bool RequireOfficialCounts { get; init; } = true;

        /// <summary>
        /// The HTTP handler downloads go through (not disposed by the loader). Default: a new
        /// <see cref="HttpClient"/> with the platform handler, disposed after the download.
        /// </summary>
        public HttpMessageHandler? HttpHandler { get; init; }

        /// <summary>How long one file's download may take, headers and body, before it counts as failed. Default 10 minutes.</summary>
        public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(10);

        /// <summary>Called as downloads progress (on the loading thread).</summary>
        public Action<DownloadProgress>? Progress { get; init; }

        /// <summary>Receives one line per step: each place looked at, each download, the source finally used.</summary>
        public Action<string>? Log { get; init; }

        internal string ResolveHomeDirectory()
            => HomeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);

        internal string ResolveCacheDirectory()
        {
            if (CacheDirectory is not null) return CacheDirectory;
            string? xdg = GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "sourcegennet", "fashion-mnist");
            if (OperatingSystem.IsWindows() && HomeDirectory is null)
            {
                string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
                if (local.Length > 0) return Path.Combine(local, "sourcegennet", "fashion-mnist");
            }
            return Path.Combine(ResolveHomeDirectory(), ".cache", "sourcegennet", "fashion-mnist");
        }

        internal string ResolveKerasCacheDirectory()
        {
            // Keras keeps its files under $KERAS_HOME, else ~/.keras; load_data() uses datasets/fashion-mnist.
            string? kerasHome = GetEnvironmentVariable("KERAS_HOME");
            string root = !string.IsNullOrEmpty(kerasHome) ? kerasHome : Path.Combine(ResolveHomeDirectory(), ".keras");
            return Path.Combine(root, "datasets", "fashion-mnist");
        }
    }
}
