using System;
using SourceGenNet.Training.Tests.Reference;
using SourceGenNet.Training.Tests.Support;

namespace SourceGenNet.Training.Tests;

/// <summary>
/// Central differences of the reference's loss, in double, with respect to every parameter:
/// <c>(L(θ + h eᵢ) - L(θ - h eᵢ)) / 2h</c>. They check the reference's own backward pass (so the
/// agreement tests do not rest on a reference that is wrong the same way) and the generated
/// float gradient directly.
/// </summary>
/// <remarks>
/// h = 1e-6: the truncation error is about h² |L'''| (1e-12) and the rounding error about
/// 1e-16 |L| / h (1e-10), both far below the float gradient's own error. Relu has a kink at 0,
/// where a difference quotient straddling it means nothing: each case asserts that every relu
/// pre-activation is further from 0 (1e-3) than any perturbation can move it (about h times the
/// largest activation, under 1e-5).
/// </remarks>
public class FiniteDifferenceTests
{
    private const double H = 1e-6;

    [Theory]
    [MemberData(nameof(NetworkCase.WithBatchSizes), MemberType = typeof(NetworkCase))]
    public void Reference_backward_pass_matches_central_differences(string name, int batch)
    {
        var (_, reference, inputs, targets) = ReferenceAgreementTests.Setup(name, batch);
        double[] wide = NetworkCase.Widen(inputs);

        double[] numeric = CentralDifferences(reference, wide, targets, batch);

        // Both sides are double: only the difference quotient's own error separates them.
        double[] analytic = reference.Gradient(wide, targets, batch);
        // Measured worst: a fifth of this bound.
        Tolerance.AssertClose(numeric, analytic, 1e-6, 1e-8 * Tolerance.MaxAbs(numeric), "reference gradient");
    }

    [Theory]
    [MemberData(nameof(NetworkCase.WithBatchSizes), MemberType = typeof(NetworkCase))]
    public void Generated_gradient_matches_central_differences(string name, int batch)
    {
        var (network, reference, inputs, targets) = ReferenceAgreementTests.Setup(name, batch);

        network.ComputeGradients(inputs, targets);
        double[] numeric = CentralDifferences(reference, NetworkCase.Widen(inputs), targets, batch);

        Tolerance.AssertClose(numeric, network.Gradients, ReferenceAgreementTests.GradientRelative,
            ReferenceAgreementTests.GradientScaleAbsolute * Tolerance.MaxAbs(numeric), "gradient vs central differences");
    }

    private static double[] CentralDifferences(ReferenceMlp reference, double[] inputs, double[] targets, int batch)
    {
        double[] p = reference.Parameters;
        var numeric = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            double saved = p[i];
            p[i] = saved + H;
            double plus = reference.LossOf(inputs, targets, batch);
            Assert.True(reference.SmallestReluMargin(inputs, batch) > 1e-3, "the perturbation reached a relu kink");
            p[i] = saved - H;
            double minus = reference.LossOf(inputs, targets, batch);
            Assert.True(reference.SmallestReluMargin(inputs, batch) > 1e-3, "the perturbation reached a relu kink");
            p[i] = saved;
            numeric[i] = (plus - minus) / (2 * H);
        }
        return numeric;
    }
}
