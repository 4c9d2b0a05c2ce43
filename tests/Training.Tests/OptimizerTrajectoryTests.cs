using System;
using System.Collections.Generic;
using SourceGenNet.Optimizers;
using SourceGenNet.Training.Tests.Reference;
using SourceGenNet.Training.Tests.Support;

namespace SourceGenNet.Training.Tests;

/// <summary>
/// Five <c>TrainStep</c>s of the generated network against five steps of the reference with the
/// same optimizer rule in double, each step on its own batch: the whole parameter array must
/// follow the same trajectory. The network is the smooth three-layer one (tanh, sigmoid,
/// softmax): with a relu, float and double could fall on opposite sides of a kink and part ways
/// for a reason that says nothing about the optimizer.
/// </summary>
/// <remarks>
/// Tolerance: <c>|float - double| &lt;= 1e-5 (1 + |double|)</c>. The measured worst is 8e-8, the
/// float spacing of weights near 0.6, for every optimizer. The bound is wider for Adam (and less so
/// RMSprop and Adagrad), whose division by a running √(g²) makes a step nearly lr · sign(g): at
/// g near 0 the first Adam step has slope lr √(1-β₂) / ε ≈ 316 in g, so the absolute float error of
/// a cancelling gradient element (up to 1e-8 measured in the agreement tests) can move a weight by
/// about 3e-6 in a single step. Each test also asserts the weights moved by more than 100 times
/// the bound, so agreement is not the trivial agreement of standing still.
/// </remarks>
public class OptimizerTrajectoryTests
{
    private const int Steps = 5, Batch = 6;
    private const double Tolerance = 1e-5;

    private static readonly Dictionary<string, (Func<Optimizer> Generated, Func<ReferenceOptimizer> Reference)> Optimizers = new()
    {
        ["SGD"] = (() => new Sgd(), () => new ReferenceOptimizer.Sgd()),
        ["SGD(0.1)"] = (() => new Sgd(0.1f), () => new ReferenceOptimizer.Sgd(0.1)),
        ["SGD(momentum 0.9, Nesterov)"] = (() => new Sgd(momentum: 0.9f, nesterov: true),
                                           () => new ReferenceOptimizer.Sgd(momentum: 0.9, nesterov: true)),
        ["RMSprop"] = (() => new RmsProp(), () => new ReferenceOptimizer.RmsProp()),
        // Adagrad at its default 0.001 moves weights by under 1e-3 in five steps (its accumulator
        // starts at 0.1), too little to tell agreement from standing still: ten times that rate.
        ["Adagrad(0.01)"] = (() => new Adagrad(0.01f), () => new ReferenceOptimizer.Adagrad(0.01)),
        ["Adam"] = (() => new Adam(), () => new ReferenceOptimizer.Adam()),
    };

    public static TheoryData<string> OptimizerNames() => new(Optimizers.Keys);

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Parameters_follow_the_reference_trajectory(string optimizer)
    {
        NetworkCase c = NetworkCase.Named("CategoricalTanh");
        Subject network = c.CreateWithRandomParameters(seed: 21);
        ReferenceMlp reference = c.Reference(network.Parameters);
        double[] start = NetworkCase.Widen(network.Parameters);
        network.Optimizer = Optimizers[optimizer].Generated();
        ReferenceOptimizer referenceOptimizer = Optimizers[optimizer].Reference();

        for (int step = 0; step < Steps; step++)
        {
            float[] inputs = c.MakeInputs(Batch, seed: 100 + step);
            double[] targets = c.MakeTargets(Batch, seed: 200 + step);
            network.TrainStep(inputs, targets);
            reference.TrainStep(NetworkCase.Widen(inputs), targets, Batch, referenceOptimizer);
        }

        Assert.Equal(Steps, network.Optimizer.Iterations);
        Support.Tolerance.AssertClose(reference.Parameters, network.Parameters, Tolerance, Tolerance, $"{optimizer} after {Steps} steps");
        double moved = 0;
        for (int i = 0; i < start.Length; i++) moved = Math.Max(moved, Math.Abs(reference.Parameters[i] - start[i]));
        Assert.True(moved > 100 * Tolerance, $"the largest weight moved only {moved:E2}");
    }
}
