using System;

namespace SourceGenNet.Kernels
{
    /// <summary>
    /// The one scan for NaN and infinity, shared by Fit's input validation and the weights file's
    /// checks: both need the index of the first bad value to name it in their message.
    /// </summary>
    internal static class FiniteValues
    {
        /// <summary>The index of the first NaN or infinite value, or -1 when every value is finite.</summary>
        public static int FirstNonFinite(ReadOnlySpan<float> values)
        {
            for (int i = 0; i < values.Length; i++)
                if (!float.IsFinite(values[i])) return i;
            return -1;
        }
    }
}
