// TEMPORARY: stand-ins until the summary and optimizer work packages merge. Deleted at merge.
using System;
using System.Collections.Generic;
namespace SourceGenNet.Kernels
{
    public static class ActivationKernels
    {
        public static void Relu(Span<float> v) { for (int i = 0; i < v.Length; i++) v[i] = MathF.Max(0, v[i]); }
        public static void Sigmoid(Span<float> v) { for (int i = 0; i < v.Length; i++) v[i] = 1f / (1f + MathF.Exp(-v[i])); }
        public static void Tanh(Span<float> v) { for (int i = 0; i < v.Length; i++) v[i] = MathF.Tanh(v[i]); }
        public static void SoftmaxRows(Span<float> v, int rows, int cols) { for (int r = 0; r < rows; r++) { var row = v.Slice(r * cols, cols); float m = float.NegativeInfinity; foreach (var x in row) m = MathF.Max(m, x); float s = 0; for (int i = 0; i < cols; i++) { row[i] = MathF.Exp(row[i] - m); s += row[i]; } for (int i = 0; i < cols; i++) row[i] /= s; } }
        public static void ReluBackward(ReadOnlySpan<float> a, Span<float> g) { for (int i = 0; i < g.Length; i++) if (!(a[i] > 0)) g[i] = 0; }
        public static void SigmoidBackward(ReadOnlySpan<float> a, Span<float> g) { for (int i = 0; i < g.Length; i++) g[i] *= a[i] * (1 - a[i]); }
        public static void TanhBackward(ReadOnlySpan<float> a, Span<float> g) { for (int i = 0; i < g.Length; i++) g[i] *= 1 - a[i] * a[i]; }
        public static void SoftmaxBackwardRows(ReadOnlySpan<float> a, Span<float> g, int rows, int cols) { for (int r = 0; r < rows; r++) { float d = 0; for (int c = 0; c < cols; c++) d += a[r * cols + c] * g[r * cols + c]; for (int c = 0; c < cols; c++) g[r * cols + c] = a[r * cols + c] * (g[r * cols + c] - d); } }
    }
}
