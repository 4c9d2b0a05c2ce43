using System;

namespace SourceGenNet.Data
{
    /// <summary>How far a download has got: reported when it starts and after every chunk.</summary>
    /// <param name="FileName">The file being downloaded, e.g. <c>train-images-idx3-ubyte.gz</c>.</param>
    /// <param name="Url">Where it comes from.</param>
    /// <param name="BytesReceived">Bytes received so far.</param>
    /// <param name="TotalBytes">The size the server announced (Content-Length), or null if it did not.</param>
    public readonly record struct DownloadProgress(string FileName, Uri Url, long BytesReceived, long? TotalBytes);
}
