using System;

namespace SourceGenNet.Training.Tests.Reference;

/// <summary>
/// Keras 3's update rules in double, one loop over the flat parameters each, written from the
/// formulas (keras/src/optimizers/*.py as documented) and knowing nothing about layers.
/// </summary>
internal abstract class ReferenceOptimizer
{
    public abstract void Apply(double[] parameters, double[] gradients);

    /// <summary>Keras' SGD: <c>m = μ m - lr g; w += m</c> (Nesterov: <c>w += μ m - lr g</c>); without momentum <c>w -= lr g</c>.</summary>
    public sealed class Sgd(double learningRate = 0.01, double momentum = 0, bool nesterov = false) : ReferenceOptimizer
    {
        private double[]? _m;

        public override void Apply(double[] parameters, double[] gradients)
        {
            _m ??= new double[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                if (momentum == 0)
                {
                    parameters[i] -= learningRate * gradients[i];
                    continue;
                }
                _m[i] = momentum * _m[i] - learningRate * gradients[i];
                parameters[i] += nesterov ? momentum * _m[i] - learningRate * gradients[i] : _m[i];
            }
        }
    }

    /// <summary>Keras' RMSprop (no momentum, not centered): <c>v = ρ v + (1 - ρ) g²; w -= lr g / √(v + ε)</c>.</summary>
    public sealed class RmsProp(double learningRate = 0.001, double rho = 0.9, double epsilon = 1e-7) : ReferenceOptimizer
    {
        private double[]? _v;

        public override void Apply(double[] parameters, double[] gradients)
        {
            _v ??= new double[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                double g = gradients[i];
                _v[i] = rho * _v[i] + (1 - rho) * g * g;
                parameters[i] -= learningRate * g / Math.Sqrt(_v[i] + epsilon);
            }
        }
    }

    /// <summary>Keras' Adagrad: the accumulator starts at 0.1; <c>acc += g²; w -= lr g / √(acc + ε)</c>.</summary>
    public sealed class Adagrad(double learningRate = 0.001, double initialAccumulatorValue = 0.1, double epsilon = 1e-7) : ReferenceOptimizer
    {
        private double[]? _accumulator;

        public override void Apply(double[] parameters, double[] gradients)
        {
            if (_accumulator is null)
            {
                _accumulator = new double[parameters.Length];
                Array.Fill(_accumulator, initialAccumulatorValue);
            }
            for (int i = 0; i < parameters.Length; i++)
            {
                double g = gradients[i];
                _accumulator[i] += g * g;
                parameters[i] -= learningRate * g / Math.Sqrt(_accumulator[i] + epsilon);
            }
        }
    }

    /// <summary>
    /// Keras' Adam: <c>t = iterations + 1; α = lr √(1 - β₂ᵗ) / (1 - β₁ᵗ); m += (g - m)(1 - β₁);
    /// v += (g² - v)(1 - β₂); w -= α m / (√v + ε)</c>.
    /// </summary>
    public sealed class Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7) : ReferenceOptimizer
    {
        private double[]? _m, _v;
        private long _iterations;

        public override void Apply(double[] parameters, double[] gradients)
        {
            _m ??= new double[parameters.Length];
            _v ??= new double[parameters.Length];
            long t = _iterations + 1;
            double alpha = learningRate * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
            for (int i = 0; i < parameters.Length; i++)
            {
                double g = gradients[i];
                _m[i] += (g - _m[i]) * (1 - beta1);
                _v[i] += (g * g - _v[i]) * (1 - beta2);
                parameters[i] -= alpha * _m[i] / (Math.Sqrt(_v[i]) + epsilon);
            }
            _iterations++;
        }
    }
}
