using System;

namespace SourceGenNet.Training
{
    /// <summary>Keras' default initialisers for a Dense layer.</summary>
    public static class Initializers
    {
        /// <summary>
        /// glorot_uniform: every weight uniform in [-limit, limit] with
        /// limit = sqrt(6 / (fan_in + fan_out)), drawn in row-major order.
        /// </summary>
        public static void GlorotUniform(Span<float> kernel, int fanIn, int fanOut, ref SeededRandom random)
        {
            if (kernel.Length != fanIn * fanOut)
                throw new ArgumentException($"kernel has {kernel.Length} weights, expected {fanIn} x {fanOut}", nameof(kernel));
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < kernel.Length; i++)
                kernel[i] = (float)((random.NextDouble() * 2.0 - 1.0) * limit);
        }
    }
}
