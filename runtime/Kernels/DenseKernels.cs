using System;

namespace SourceGenNet.Kernels
{
    /// <summary>
    /// The matrix products of a Dense layer, on row-major float buffers, with W shaped (inner, cols)
    /// as Keras stores a kernel (inputs x units).
    /// STUB: the kernels work package replaces this file.
    /// </summary>
    public static class DenseKernels
    {
        /// <summary><c>y (rows x cols) = x (rows x inner) · w (inner x cols) + bias (cols)</c>; y is overwritten.</summary>
        public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inner, int cols)
        {
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    float sum = bias[c];
                    for (int i = 0; i < inner; i++) sum += x[r * inner + i] * w[i * cols + c];
                    y[r * cols + c] = sum;
                }
        }

        /// <summary><c>wGrad (inner x cols) += xᵀ · dy</c> and <c>biasGrad (cols) += Σ_rows dy</c>.</summary>
        public static void AccumulateParameterGradients(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> wGrad, Span<float> biasGrad, int rows, int inner, int cols)
        {
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    float g = dy[r * cols + c];
                    biasGrad[c] += g;
                    for (int i = 0; i < inner; i++) wGrad[i * cols + c] += x[r * inner + i] * g;
                }
        }

        /// <summary><c>dx (rows x inner) = dy (rows x cols) · wᵀ</c>; dx is overwritten.</summary>
        public static void BackpropagateInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, int rows, int inner, int cols)
        {
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < inner; i++)
                {
                    float sum = 0;
                    for (int c = 0; c < cols; c++) sum += dy[r * cols + c] * w[i * cols + c];
                    dx[r * inner + i] = sum;
                }
        }
    }
}
