using System;

namespace SourceGenNet.Runtime.Tests.Optimizers;

/// <summary>
/// Naive double-precision twins of the optimizers, written from Keras 3's update rules
/// (keras/src/optimizers/{sgd,rmsprop,adagrad,adam}.py), one element at a time.
/// The state is exposed so the tests can compare it too.
/// </summary>
internal abstract class ReferenceOptimizer
{
    /// <summary>The state buffers, in the order of the optimizer's <c>Slots</c>.</summary>
    public double[][] Slots { get; protected set; } = [];

    public abstract void Step(double[] w, double[] g);
}

internal sealed class ReferenceSgd(double lr, double momentum, bool nesterov) : ReferenceOptimizer
{
    public override void Step(double[] w, double[] g)
    {
        if (momentum == 0)
        {
            for (int i = 0; i < w.Length; i++) w[i] -= lr * g[i];
            return;
        }
        if (Slots.Length == 0) Slots = [new double[w.Length]];
        double[] m = Slots[0];
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = momentum * m[i] - lr * g[i];
            w[i] += nesterov ? momentum * m[i] - lr * g[i] : m[i];
        }
    }
}

internal sealed class ReferenceRmsProp(double lr, double rho, double epsilon) : ReferenceOptimizer
{
    public override void Step(double[] w, double[] g)
    {
        if (Slots.Length == 0) Slots = [new double[w.Length]];
        double[] v = Slots[0];
        for (int i = 0; i < w.Length; i++)
        {
            v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
            w[i] -= lr * g[i] / Math.Sqrt(v[i] + epsilon);
        }
    }
}

internal sealed class ReferenceAdagrad(double lr, double initialAccumulatorValue, double epsilon) : ReferenceOptimizer
{
    public override void Step(double[] w, double[] g)
    {
        if (Slots.Length == 0)
        {
            Slots = [new double[w.Length]];
            Array.Fill(Slots[0], initialAccumulatorValue);
        }
        double[] acc = Slots[0];
        for (int i = 0; i < w.Length; i++)
        {
            acc[i] += g[i] * g[i];
            w[i] -= lr * g[i] / Math.Sqrt(acc[i] + epsilon);
        }
    }
}

/// <summary>Adam with the moments written as decaying averages (m = b1*m + (1-b1)*g), Keras' step size alpha.</summary>
internal sealed class ReferenceAdam(double lr, double beta1, double beta2, double epsilon) : ReferenceOptimizer
{
    private long t;

    public override void Step(double[] w, double[] g)
    {
        if (Slots.Length == 0) Slots = [new double[w.Length], new double[w.Length]];
        double[] m = Slots[0], v = Slots[1];
        t++;
        // Keras folds the bias corrections into the step size, so epsilon is added to sqrt(v), not to
        // sqrt(v / (1 - b2^t)) as in the paper's Algorithm 1.
        double alpha = lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            w[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + epsilon);
        }
    }
}
