using System;
using System.IO;

namespace SourceGenNet.Serialization
{
    /// <summary>
    /// Writes a file so that a crash or an exception midway never destroys the previous version:
    /// the bytes go to a temporary file in the same directory (so the rename stays on one file
    /// system), are flushed to disk, and only then renamed over the target. A failed write deletes
    /// its temporary file.
    /// </summary>
    internal static class AtomicFile
    {
        public static void Write(string path, Action<Stream> write)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? ".";
            // Hidden, unique and recognisable, so a leftover from a killed process is easy to spot.
            string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    write(stream);
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temporary, fullPath, overwrite: true);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
