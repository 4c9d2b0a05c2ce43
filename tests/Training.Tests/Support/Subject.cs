using System;
using System.Linq;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Training.Tests.Support;

/// <summary>
/// A generated network seen through one non-generic face, so a single test body drives
/// <c>Network&lt;int&gt;</c> and <c>Network&lt;float&gt;</c> alike. Targets travel as doubles, as the
/// reference takes them (a class index per sample for sparse labels), and are converted here to
/// the network's own target type: the values the tests build are exact in float, so both sides
/// see the same numbers.
/// </summary>
internal abstract class Subject
{
    public abstract Span<float> Parameters { get; }

    public abstract ReadOnlySpan<float> Gradients { get; }

    public abstract Optimizer Optimizer { get; set; }

    public abstract BatchMetrics ComputeGradients(float[] inputs, double[] targets);

    public abstract BatchMetrics TrainStep(float[] inputs, double[] targets);

    public abstract float[] PredictBatch(float[] inputs);

    public static Subject Of<TTarget>(Network<TTarget> network) where TTarget : unmanaged => new Typed<TTarget>(network);

    private sealed class Typed<TTarget>(Network<TTarget> network) : Subject where TTarget : unmanaged
    {
        public override Span<float> Parameters => network.Parameters;

        public override ReadOnlySpan<float> Gradients => network.Gradients;

        public override Optimizer Optimizer { get => network.Optimizer; set => network.Optimizer = value; }

        public override BatchMetrics ComputeGradients(float[] inputs, double[] targets) => network.ComputeGradients(inputs, Convert(targets));

        public override BatchMetrics TrainStep(float[] inputs, double[] targets) => network.TrainStep(inputs, Convert(targets));

        public override float[] PredictBatch(float[] inputs) => network.PredictBatch(inputs);

        private static TTarget[] Convert(double[] targets)
        {
            if (typeof(TTarget) == typeof(int)) return (TTarget[])(object)targets.Select(t => checked((int)t)).ToArray();
            if (typeof(TTarget) == typeof(float)) return (TTarget[])(object)targets.Select(t => (float)t).ToArray();
            throw new NotSupportedException(typeof(TTarget).Name);
        }
    }
}
