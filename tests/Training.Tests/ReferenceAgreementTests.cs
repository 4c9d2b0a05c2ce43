using SourceGenNet.Training.Tests.Reference;
using SourceGenNet.Training.Tests.Support;

namespace SourceGenNet.Training.Tests;

/// <summary>
/// The generated network (float) and the reference MLP (double) start from the same parameters
/// and see the same batch: outputs, loss and the whole gradient must agree.
/// </summary>
/// <remarks>
/// Tolerances, from measured errors: float carries about 7 significant digits and these networks
/// chain a few dozen roundings. Outputs and loss: 1e-5 relative + 1e-7 absolute (the worst
/// measured, 6e-8 on a linear output of 0.021 that cancelled from terms near 1, uses a third of
/// it). A gradient element is a sum over the batch of terms that can cancel, so its float error
/// scales with the terms rather than the result: 1e-5 relative + 1e-6 of the array's largest
/// element (the worst measured uses a ninth of it). A wrong index, sign or missing term is off by
/// orders of magnitude more.
/// </remarks>
public class ReferenceAgreementTests
{
    internal const double OutputRelative = 1e-5, OutputAbsolute = 1e-7;
    internal const double GradientRelative = 1e-5, GradientScaleAbsolute = 1e-6;

    [Theory]
    [MemberData(nameof(NetworkCase.WithBatchSizes), MemberType = typeof(NetworkCase))]
    public void Outputs_match_the_reference(string name, int batch)
    {
        var (network, reference, inputs, _) = Setup(name, batch);

        double[] expected = reference.Forward(NetworkCase.Widen(inputs), batch).Outputs;

        Tolerance.AssertClose(expected, network.PredictBatch(inputs), OutputRelative, OutputAbsolute, "PredictBatch");
    }

    [Theory]
    [MemberData(nameof(NetworkCase.WithBatchSizes), MemberType = typeof(NetworkCase))]
    public void Loss_matches_the_reference(string name, int batch)
    {
        var (network, reference, inputs, targets) = Setup(name, batch);

        BatchMetrics metrics = network.ComputeGradients(inputs, targets);

        Assert.Equal(batch, metrics.Samples);
        Tolerance.AssertClose(reference.LossOf(NetworkCase.Widen(inputs), targets, batch), metrics.Loss,
            OutputRelative, OutputAbsolute, "loss");
    }

    [Theory]
    [MemberData(nameof(NetworkCase.WithBatchSizes), MemberType = typeof(NetworkCase))]
    public void Gradient_matches_the_reference(string name, int batch)
    {
        var (network, reference, inputs, targets) = Setup(name, batch);

        network.ComputeGradients(inputs, targets);
        double[] expected = reference.Gradient(NetworkCase.Widen(inputs), targets, batch);

        Tolerance.AssertClose(expected, network.Gradients, GradientRelative,
            GradientScaleAbsolute * Tolerance.MaxAbs(expected), "gradient");
    }

    [Theory]
    [MemberData(nameof(NetworkCase.WithBatchSizes), MemberType = typeof(NetworkCase))]
    public void ComputeGradients_clears_the_previous_gradient(string name, int batch)
    {
        var (network, _, inputs, targets) = Setup(name, batch);
        network.ComputeGradients(inputs, targets);
        float[] once = network.Gradients.ToArray();

        network.ComputeGradients(inputs, targets);

        Assert.Equal(once, network.Gradients.ToArray());
    }

    /// <summary>
    /// A case's network with random parameters, its reference, and a batch on which no relu sits
    /// at its kink and no probability is clipped (asserted, not assumed: the seeds were chosen so).
    /// </summary>
    internal static (Subject Network, ReferenceMlp Reference, float[] Inputs, double[] Targets) Setup(string name, int batch)
    {
        NetworkCase c = NetworkCase.Named(name);
        Subject network = c.CreateWithRandomParameters(seed: 11);
        ReferenceMlp reference = c.Reference(network.Parameters);
        float[] inputs = c.MakeInputs(batch, seed: 12 + batch);
        double[] targets = c.MakeTargets(batch, seed: 13 + batch);
        double[] wide = NetworkCase.Widen(inputs);
        Assert.True(reference.SmallestReluMargin(wide, batch) > 1e-3, "a relu pre-activation is near 0: choose other seeds");
        Assert.False(reference.AnyProbabilityClipped(wide, batch), "a probability is clipped: choose other seeds");
        return (network, reference, inputs, targets);
    }
}
