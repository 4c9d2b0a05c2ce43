using System;
using System.Collections.Generic;
using System.Linq;
using SourceGenNet.Training.Tests.Reference;

namespace SourceGenNet.Training.Tests.Support;

/// <summary>
/// One declared network (Models.cs) together with its topology written out again for the
/// reference, and the data it is checked on. The topology here is typed by hand, not read from
/// the generator, so a generator that misread an attribute disagrees with the reference.
/// </summary>
internal sealed record NetworkCase(string Name, int InputSize, ReferenceLayer[] Layers, LossFunction Loss, Func<long, Subject> Create)
{
    public int OutputSize => Layers[^1].Units;

    public Activation OutputActivation => Layers[^1].Activation;

    public static IReadOnlyList<NetworkCase> All { get; } =
    [
        new("SparseRelu", 7, [new(5, Activation.Relu), new(3, Activation.Softmax)],
            LossFunction.SparseCategoricalCrossentropy, seed => Subject.Of(new SparseReluNet(seed))),
        new("CategoricalTanh", 7, [new(5, Activation.Tanh), new(4, Activation.Sigmoid), new(3, Activation.Softmax)],
            LossFunction.CategoricalCrossentropy, seed => Subject.Of(new CategoricalTanhNet(seed))),
        new("BinaryOneUnit", 7, [new(5, Activation.Sigmoid), new(1, Activation.Sigmoid)],
            LossFunction.BinaryCrossentropy, seed => Subject.Of(new BinaryOneUnitNet(seed))),
        new("BinaryThreeUnits", 6, [new(5, Activation.Linear), new(3, Activation.Sigmoid)],
            LossFunction.BinaryCrossentropy, seed => Subject.Of(new BinaryThreeUnitNet(seed))),
        new("RegressionLinear", 7, [new(6, Activation.Relu), new(5, Activation.Relu), new(3, Activation.Linear)],
            LossFunction.MeanSquaredError, seed => Subject.Of(new RegressionLinearNet(seed))),
        new("RegressionTanh", 7, [new(5, Activation.Linear), new(3, Activation.Tanh)],
            LossFunction.MeanSquaredError, seed => Subject.Of(new RegressionTanhNet(seed))),
        new("RegressionSoftmax", 7, [new(5, Activation.Tanh), new(3, Activation.Softmax)],
            LossFunction.MeanSquaredError, seed => Subject.Of(new RegressionSoftmaxNet(seed))),
    ];

    public static NetworkCase Named(string name) => All.Single(c => c.Name == name);

    /// <summary>Every case with batch sizes 1 and 6, for theories (names, so test cases have readable ids).</summary>
    public static TheoryData<string, int> WithBatchSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (NetworkCase c in All)
            foreach (int batch in new[] { 1, 6 })
                data.Add(c.Name, batch);
        return data;
    }

    /// <summary>The reference MLP starting from <paramref name="parameters"/>.</summary>
    public ReferenceMlp Reference(ReadOnlySpan<float> parameters) => new(InputSize, Layers, Loss, parameters);

    /// <summary>
    /// The generated network from <paramref name="seed"/>, with every parameter then redrawn
    /// uniformly in [-0.7, 0.7]: biases are not zero (a forward pass that forgot b would still
    /// agree at initialisation) and the scale keeps probabilities far from Keras' clipping.
    /// </summary>
    public Subject CreateWithRandomParameters(long seed)
    {
        Subject subject = Create(seed);
        var random = new SeededRandom(seed + 1000);
        Span<float> p = subject.Parameters;
        for (int i = 0; i < p.Length; i++) p[i] = (float)(0.7 * (2 * random.NextDouble() - 1));
        return subject;
    }

    /// <summary>Inputs uniform in [-1, 1], as floats (the reference reads the same values widened).</summary>
    public float[] MakeInputs(int batch, long seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new float[batch * InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)(2 * random.NextDouble() - 1);
        return inputs;
    }

    /// <summary>
    /// Targets the loss accepts: class indices (sparse), one-hot rows (categorical), 0/1 per unit
    /// (binary), and for mean squared error values in the output's range (softmax [0, 1], tanh
    /// (-0.9, 0.9), linear [-1, 1]). Every value is exact in float.
    /// </summary>
    public double[] MakeTargets(int batch, long seed)
    {
        var random = new SeededRandom(seed);
        int units = OutputSize;
        switch (Loss)
        {
            case LossFunction.SparseCategoricalCrossentropy:
                return Enumerable.Range(0, batch).Select(_ => (double)random.NextInt32(units)).ToArray();
            case LossFunction.CategoricalCrossentropy:
                var oneHot = new double[batch * units];
                for (int r = 0; r < batch; r++) oneHot[r * units + random.NextInt32(units)] = 1;
                return oneHot;
            case LossFunction.BinaryCrossentropy:
                return Enumerable.Range(0, batch * units).Select(_ => (double)random.NextInt32(2)).ToArray();
            default:
                (double low, double high) = OutputActivation switch
                {
                    Activation.Softmax => (0.0, 1.0),
                    Activation.Tanh => (-0.9, 0.9),
                    _ => (-1.0, 1.0),
                };
                return Enumerable.Range(0, batch * units)
                    .Select(_ => (double)(float)(low + (high - low) * random.NextDouble())).ToArray();
        }
    }

    public static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++) wide[i] = values[i];
        return wide;
    }

    public override string ToString() => Name;
}
