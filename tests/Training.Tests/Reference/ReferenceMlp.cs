using System;

namespace SourceGenNet.Training.Tests.Reference;

/// <summary>One Dense layer as the reference sees it: its units and its activation.</summary>
internal readonly record struct ReferenceLayer(int Units, Activation Activation);

/// <summary>
/// A dense network written from the formulas, in double precision, with nothing shared with the
/// generator or the runtime kernels: plain loops, the activations' derivatives written out (the
/// softmax through its full Jacobian, not the fused shortcut), and the losses exactly as
/// <c>LossKernels</c> documents them, Keras' clipping included. Parameters use the generated
/// layout (per layer W (inputs x units) row-major, then b), so it starts from the generated
/// network's floats and its gradient compares index by index.
/// </summary>
/// <remarks>
/// Targets travel as doubles: one class index per sample for sparse categorical cross-entropy,
/// one value per output unit for every other loss.
/// </remarks>
internal sealed class ReferenceMlp
{
    /// <summary>Keras' <c>backend.epsilon()</c>, the clip applied to probabilities inside logs.</summary>
    private const double Epsilon = 1e-7;

    private readonly ReferenceLayer[] _layers;
    private readonly int[] _kernelOffsets;
    private readonly int[] _biasOffsets;

    public ReferenceMlp(int inputSize, ReferenceLayer[] layers, LossFunction loss, ReadOnlySpan<float> parameters)
    {
        InputSize = inputSize;
        _layers = layers;
        Loss = loss;
        _kernelOffsets = new int[layers.Length];
        _biasOffsets = new int[layers.Length];
        int offset = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            _kernelOffsets[l] = offset;
            offset += InputsOf(l) * layers[l].Units;
            _biasOffsets[l] = offset;
            offset += layers[l].Units;
        }
        if (parameters.Length != offset)
            throw new ArgumentException($"the topology has {offset} parameters, got {parameters.Length}", nameof(parameters));
        Parameters = new double[offset];
        for (int i = 0; i < offset; i++) Parameters[i] = parameters[i];
    }

    public int InputSize { get; }

    public LossFunction Loss { get; }

    public int OutputSize => _layers[^1].Units;

    /// <summary>Every weight and bias in the generated layout; the tests and the optimizers change them in place.</summary>
    public double[] Parameters { get; }

    private int InputsOf(int layer) => layer == 0 ? InputSize : _layers[layer - 1].Units;

    /// <summary>What the forward pass keeps: per layer the pre-activations z and the activations a, each (B x units).</summary>
    public sealed record Pass(double[] Input, double[][] PreActivations, double[][] Activations, int Batch)
    {
        public double[] Outputs => Activations[^1];
    }

    public Pass Forward(double[] input, int batch)
    {
        var z = new double[_layers.Length][];
        var a = new double[_layers.Length][];
        double[] x = input;
        for (int l = 0; l < _layers.Length; l++)
        {
            int inputs = InputsOf(l), units = _layers[l].Units;
            z[l] = new double[batch * units];
            // z = x · W + b, W (inputs x units) row-major.
            for (int r = 0; r < batch; r++)
                for (int u = 0; u < units; u++)
                {
                    double sum = Parameters[_biasOffsets[l] + u];
                    for (int i = 0; i < inputs; i++)
                        sum += x[r * inputs + i] * Parameters[_kernelOffsets[l] + i * units + u];
                    z[l][r * units + u] = sum;
                }
            a[l] = Activate(z[l], _layers[l].Activation, batch, units);
            x = a[l];
        }
        return new Pass(input, z, a, batch);
    }

    private static double[] Activate(double[] z, Activation activation, int batch, int units)
    {
        var a = new double[z.Length];
        if (activation == Activation.Softmax)
        {
            for (int r = 0; r < batch; r++)
            {
                // Subtracting the row's maximum changes nothing mathematically and keeps exp finite.
                double max = double.NegativeInfinity;
                for (int u = 0; u < units; u++) max = Math.Max(max, z[r * units + u]);
                double sum = 0;
                for (int u = 0; u < units; u++) sum += a[r * units + u] = Math.Exp(z[r * units + u] - max);
                for (int u = 0; u < units; u++) a[r * units + u] /= sum;
            }
            return a;
        }
        for (int i = 0; i < z.Length; i++)
        {
            a[i] = activation switch
            {
                Activation.Relu => Math.Max(0, z[i]),
                Activation.Sigmoid => 1 / (1 + Math.Exp(-z[i])),
                Activation.Tanh => Math.Tanh(z[i]),
                _ => z[i],
            };
        }
        return a;
    }

    /// <summary>The mean loss over the batch, as Keras reports it.</summary>
    public double LossOf(Pass pass, double[] targets)
    {
        int batch = pass.Batch, units = OutputSize;
        double[] y = pass.Outputs;
        double sum = 0;
        for (int r = 0; r < batch; r++)
        {
            double sample = 0;
            switch (Loss)
            {
                case LossFunction.SparseCategoricalCrossentropy:
                    sample = -Math.Log(Clip(y[r * units + (int)targets[r]]));
                    break;
                case LossFunction.CategoricalCrossentropy:
                    for (int u = 0; u < units; u++)
                        sample -= targets[r * units + u] * Math.Log(Clip(y[r * units + u]));
                    break;
                case LossFunction.BinaryCrossentropy:
                    for (int u = 0; u < units; u++)
                    {
                        double p = Clip(y[r * units + u]), t = targets[r * units + u];
                        sample -= t * Math.Log(p) + (1 - t) * Math.Log(1 - p);
                    }
                    sample /= units;
                    break;
                default:
                    for (int u = 0; u < units; u++)
                    {
                        double d = y[r * units + u] - targets[r * units + u];
                        sample += d * d;
                    }
                    sample /= units;
                    break;
            }
            sum += sample;
        }
        return sum / batch;
    }

    public double LossOf(double[] input, double[] targets, int batch) => LossOf(Forward(input, batch), targets);

    /// <summary>The gradient of <see cref="LossOf(Pass, double[])"/> with respect to every parameter, by plain backpropagation.</summary>
    public double[] Gradient(double[] input, double[] targets, int batch)
    {
        Pass pass = Forward(input, batch);
        var gradient = new double[Parameters.Length];
        double[] da = LossGradient(pass, targets);
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            int inputs = InputsOf(l), units = _layers[l].Units;
            double[] dz = ActivationBackward(pass.PreActivations[l], pass.Activations[l], da, _layers[l].Activation, batch, units);
            double[] x = l == 0 ? pass.Input : pass.Activations[l - 1];
            // dW[i, u] = Σ_r x[r, i] dz[r, u];  db[u] = Σ_r dz[r, u];  dx[r, i] = Σ_u dz[r, u] W[i, u].
            var dx = new double[batch * inputs];
            for (int r = 0; r < batch; r++)
                for (int u = 0; u < units; u++)
                {
                    double g = dz[r * units + u];
                    gradient[_biasOffsets[l] + u] += g;
                    for (int i = 0; i < inputs; i++)
                    {
                        gradient[_kernelOffsets[l] + i * units + u] += x[r * inputs + i] * g;
                        dx[r * inputs + i] += g * Parameters[_kernelOffsets[l] + i * units + u];
                    }
                }
            da = dx;
        }
        return gradient;
    }

    /// <summary>dL/dy for the output y, not fused with its activation; a clipped probability has no gradient.</summary>
    private double[] LossGradient(Pass pass, double[] targets)
    {
        int batch = pass.Batch, units = OutputSize;
        double[] y = pass.Outputs;
        var dy = new double[y.Length];
        for (int r = 0; r < batch; r++)
            for (int u = 0; u < units; u++)
            {
                int i = r * units + u;
                double p = y[i];
                dy[i] = Loss switch
                {
                    LossFunction.SparseCategoricalCrossentropy => u == (int)targets[r] ? -ClipSlope(p) / Clip(p) / batch : 0,
                    LossFunction.CategoricalCrossentropy => -targets[i] * ClipSlope(p) / Clip(p) / batch,
                    LossFunction.BinaryCrossentropy =>
                        -(targets[i] / Clip(p) - (1 - targets[i]) / (1 - Clip(p))) * ClipSlope(p) / (batch * units),
                    _ => 2 * (p - targets[i]) / (batch * units),
                };
            }
        return dy;
    }

    private static double[] ActivationBackward(double[] z, double[] a, double[] da, Activation activation, int batch, int units)
    {
        var dz = new double[da.Length];
        if (activation == Activation.Softmax)
        {
            // dz_j = Σ_i da_i ∂a_i/∂z_j = Σ_i da_i a_i (δ_ij - a_j) = a_j (da_j - Σ_i a_i da_i).
            for (int r = 0; r < batch; r++)
            {
                double dot = 0;
                for (int i = 0; i < units; i++) dot += a[r * units + i] * da[r * units + i];
                for (int j = 0; j < units; j++) dz[r * units + j] = a[r * units + j] * (da[r * units + j] - dot);
            }
            return dz;
        }
        for (int i = 0; i < da.Length; i++)
        {
            dz[i] = activation switch
            {
                Activation.Relu => z[i] > 0 ? da[i] : 0,
                Activation.Sigmoid => da[i] * a[i] * (1 - a[i]),
                Activation.Tanh => da[i] * (1 - a[i] * a[i]),
                _ => da[i],
            };
        }
        return dz;
    }

    private static double Clip(double p) => Math.Clamp(p, Epsilon, 1 - Epsilon);

    private static double ClipSlope(double p) => p > Epsilon && p < 1 - Epsilon ? 1 : 0;

    /// <summary>
    /// The smallest |z| over every relu pre-activation of the batch (infinity without relu). Central
    /// differences and float-versus-double comparisons are only meaningful away from relu's kink.
    /// </summary>
    public double SmallestReluMargin(double[] input, int batch)
    {
        Pass pass = Forward(input, batch);
        double margin = double.PositiveInfinity;
        for (int l = 0; l < _layers.Length; l++)
            if (_layers[l].Activation == Activation.Relu)
                foreach (double z in pass.PreActivations[l]) margin = Math.Min(margin, Math.Abs(z));
        return margin;
    }

    /// <summary>Whether any probability fed to a log lies in the clipped range (where the loss is flat).</summary>
    public bool AnyProbabilityClipped(double[] input, int batch)
    {
        if (Loss == LossFunction.MeanSquaredError) return false;
        foreach (double p in Forward(input, batch).Outputs)
            if (ClipSlope(p) == 0) return true;
        return false;
    }

    /// <summary>One training step: the gradient, then the optimizer's update of <see cref="Parameters"/>.</summary>
    public void TrainStep(double[] input, double[] targets, int batch, ReferenceOptimizer optimizer) =>
        optimizer.Apply(Parameters, Gradient(input, targets, batch));
}
