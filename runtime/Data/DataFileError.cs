using System;
using System.IO;

namespace SourceGenNet.Data
{
    /// <summary>
    /// Builds the exception for a data file that cannot be used as it is (a malformed IDX header, a
    /// payload of the wrong length, corrupt gzip data, labels out of range, a checksum mismatch).
    /// It is a plain <see cref="InvalidDataException"/> (that type is sealed) whose message is
    /// <c>"{path}: {problem}"</c>; <c>Data["FilePath"]</c> and <c>Data["Problem"]</c> hold the two parts.
    /// </summary>
    internal static class DataFileError
    {
        public const string FilePathKey = "FilePath";
        public const string ProblemKey = "Problem";

        public static InvalidDataException Create(string filePath, string problem, Exception? innerException = null)
        {
            var exception = new InvalidDataException($"{filePath}: {problem}", innerException);
            exception.Data[FilePathKey] = filePath;
            exception.Data[ProblemKey] = problem;
            return exception;
        }

        /// <summary>True for an exception made by <see cref="Create"/>, false for one thrown by a decompressor.</summary>
        public static bool IsOurs(Exception exception) => exception.Data.Contains(FilePathKey);
    }
}
