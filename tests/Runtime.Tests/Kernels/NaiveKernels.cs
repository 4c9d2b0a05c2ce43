using System;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>
/// The scalar twins of the kernels: the formulas written as plainly as possible and summed in double,
/// each also returning the sum of absolute terms so tests can scale their tolerance to it.
/// </summary>
internal static class NaiveKernels
{
    /// <summary>y[r,c] = bias[c] + Σ_i x[r,i] w[i,c].</summary>
    public static (double[] Value, double[] Magnitude) Forward(float[] x, float[] w, float[] bias, int rows, int inner, int cols)
    {
        var value = new double[rows * cols];
        var magnitude = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double sum = bias[c], abs = Math.Abs(bias[c]);
                for (int i = 0; i < inner; i++)
                {
                    double term = (double)x[r * inner + i] * w[i * cols + c];
                    sum += term;
                    abs += Math.Abs(term);
                }
                value[r * cols + c] = sum;
                magnitude[r * cols + c] = abs;
            }
        return (value, magnitude);
    }

    /// <summary>wGrad[i,c] = Σ_r x[r,i] dy[r,c]; biasGrad[c] = Σ_r dy[r,c] (without the previous contents).</summary>
    public static (double[] WGrad, double[] WMagnitude, double[] BiasGrad, double[] BiasMagnitude) ParameterGradients(float[] x, float[] dy, int rows, int inner, int cols)
    {
        var wGrad = new double[inner * cols];
        var wMagnitude = new double[inner * cols];
        var biasGrad = new double[cols];
        var biasMagnitude = new double[cols];
        for (int i = 0; i < inner; i++)
            for (int c = 0; c < cols; c++)
                for (int r = 0; r < rows; r++)
                {
                    double term = (double)x[r * inner + i] * dy[r * cols + c];
                    wGrad[i * cols + c] += term;
                    wMagnitude[i * cols + c] += Math.Abs(term);
                }
        for (int c = 0; c < cols; c++)
            for (int r = 0; r < rows; r++)
            {
                biasGrad[c] += dy[r * cols + c];
                biasMagnitude[c] += Math.Abs(dy[r * cols + c]);
            }
        return (wGrad, wMagnitude, biasGrad, biasMagnitude);
    }

    /// <summary>dx[r,i] = Σ_c dy[r,c] w[i,c].</summary>
    public static (double[] Value, double[] Magnitude) BackpropagateInput(float[] dy, float[] w, int rows, int inner, int cols)
    {
        var value = new double[rows * inner];
        var magnitude = new double[rows * inner];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < inner; i++)
            {
                double sum = 0, abs = 0;
                for (int c = 0; c < cols; c++)
                {
                    double term = (double)dy[r * cols + c] * w[i * cols + c];
                    sum += term;
                    abs += Math.Abs(term);
                }
                value[r * inner + i] = sum;
                magnitude[r * inner + i] = abs;
            }
        return (value, magnitude);
    }

    public static double Relu(double z) => z > 0 ? z : 0;

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    public static double Tanh(double z) => Math.Tanh(z);

    /// <summary>Max-subtracted softmax of each row, in double.</summary>
    public static double[] SoftmaxRows(double[] logits, int rows, int cols)
    {
        var p = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < cols; c++) max = Math.Max(max, logits[r * cols + c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += p[r * cols + c] = Math.Exp(logits[r * cols + c] - max);
            for (int c = 0; c < cols; c++) p[r * cols + c] /= sum;
        }
        return p;
    }

    public static double ReluBackward(double a, double g) => a > 0 ? g : 0;

    public static double SigmoidBackward(double a, double g) => g * a * (1 - a);

    public static double TanhBackward(double a, double g) => g * (1 - a * a);

    /// <summary>Per row: g_j a_j - a_j Σ_k g_k a_k.</summary>
    public static double[] SoftmaxBackwardRows(float[] a, float[] g, int rows, int cols)
    {
        var result = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double dot = 0;
            for (int k = 0; k < cols; k++) dot += (double)g[r * cols + k] * a[r * cols + k];
            for (int j = 0; j < cols; j++) result[r * cols + j] = a[r * cols + j] * (g[r * cols + j] - dot);
        }
        return result;
    }
}
