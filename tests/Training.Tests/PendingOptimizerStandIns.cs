// TEMPORARY STAND-INS, NOT THE PRODUCT. Delete this whole file when the optimizers work package
// merges: it then defines these three classes in the runtime, with these constructors, and every
// test here must pass against it unchanged. Until then they let OptimizerTrajectoryTests and the
// allocation tests compile and run on this branch. Plain loops in float, Keras 3's formulas.
using System;

namespace SourceGenNet.Optimizers
{
    /// <summary>TEMPORARY stand-in for the runtime's SGD (see the file header).</summary>
    public sealed class Sgd : Optimizer
    {
        private readonly float _momentum;
        private readonly bool _nesterov;
        private float[] _m = Array.Empty<float>();

        public Sgd(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false) : base(learningRate)
        {
            _momentum = momentum;
            _nesterov = nesterov;
        }

        public override void Build(int parameterCount) => _m = new float[parameterCount];

        public override void Apply(Span<float> p, ReadOnlySpan<float> g)
        {
            for (int i = 0; i < p.Length; i++)
            {
                if (_momentum == 0) { p[i] -= LearningRate * g[i]; continue; }
                _m[i] = _momentum * _m[i] - LearningRate * g[i];
                p[i] += _nesterov ? _momentum * _m[i] - LearningRate * g[i] : _m[i];
            }
            Iterations++;
        }
    }

    /// <summary>TEMPORARY stand-in for the runtime's Adagrad (see the file header).</summary>
    public sealed class Adagrad : Optimizer
    {
        private readonly float _initial;
        private readonly float _epsilon;
        private float[] _accumulator = Array.Empty<float>();

        public Adagrad(float learningRate = 0.001f, float initialAccumulatorValue = 0.1f, float epsilon = 1e-7f) : base(learningRate)
        {
            _initial = initialAccumulatorValue;
            _epsilon = epsilon;
        }

        public override void Build(int parameterCount)
        {
            _accumulator = new float[parameterCount];
            Array.Fill(_accumulator, _initial);
        }

        public override void Apply(Span<float> p, ReadOnlySpan<float> g)
        {
            for (int i = 0; i < p.Length; i++)
            {
                _accumulator[i] += g[i] * g[i];
                p[i] -= LearningRate * g[i] / MathF.Sqrt(_accumulator[i] + _epsilon);
            }
            Iterations++;
        }
    }

    /// <summary>TEMPORARY stand-in for the runtime's Adam (see the file header).</summary>
    public sealed class Adam : Optimizer
    {
        private readonly float _beta1, _beta2, _epsilon;
        private float[] _m = Array.Empty<float>(), _v = Array.Empty<float>();

        public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f) : base(learningRate)
        {
            (_beta1, _beta2, _epsilon) = (beta1, beta2, epsilon);
        }

        public override void Build(int parameterCount)
        {
            _m = new float[parameterCount];
            _v = new float[parameterCount];
        }

        public override void Apply(Span<float> p, ReadOnlySpan<float> g)
        {
            long t = Iterations + 1;
            float alpha = LearningRate * MathF.Sqrt(1 - MathF.Pow(_beta2, t)) / (1 - MathF.Pow(_beta1, t));
            for (int i = 0; i < p.Length; i++)
            {
                _m[i] += (g[i] - _m[i]) * (1 - _beta1);
                _v[i] += (g[i] * g[i] - _v[i]) * (1 - _beta2);
                p[i] -= alpha * _m[i] / (MathF.Sqrt(_v[i]) + _epsilon);
            }
            Iterations++;
        }
    }
}
