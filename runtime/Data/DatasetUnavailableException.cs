using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SourceGenNet.Data
{
    /// <summary>
    /// No source could supply a dataset's files. <see cref="Attempts"/> lists every directory and URL
    /// that was tried with the reason it failed, and the message ends with how to supply the files by hand.
    /// </summary>
    public sealed class DatasetUnavailableException : IOException
    {
        /// <summary>Creates the exception from what was tried and the by-hand instructions.</summary>
        public DatasetUnavailableException(string dataset, IReadOnlyList<string> attempts, string howToFix, Exception? innerException = null)
            : base(Format(dataset, attempts, howToFix), innerException)
        {
            Attempts = attempts;
        }

        /// <summary>One line per directory or URL tried: the place, then why it did not work.</summary>
        public IReadOnlyList<string> Attempts { get; }

        private static string Format(string dataset, IReadOnlyList<string> attempts, string howToFix)
        {
            var text = new StringBuilder();
            text.Append(dataset).Append(" is not available. Tried:");
            foreach (string attempt in attempts) text.AppendLine().Append("  - ").Append(attempt);
            text.AppendLine().Append(howToFix);
            return text.ToString();
        }
    }
}
