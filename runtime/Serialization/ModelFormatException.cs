using System;

namespace SourceGenNet.Serialization
{
    /// <summary>
    /// A weights file that <c>Load</c> refuses: malformed, truncated, or made for another topology.
    /// The message names the tensor, metadata key or byte offset at fault. When it is thrown the
    /// model is unchanged: every check runs before anything is copied into it.
    /// </summary>
    public sealed class ModelFormatException : Exception
    {
        public ModelFormatException(string message) : base(message) { }

        public ModelFormatException(string message, Exception innerException) : base(message, innerException) { }
    }
}
