// TEMPORARY: stand-ins until the summary and optimizer work packages merge. Deleted at merge.
using System;
using System.Collections.Generic;
namespace SourceGenNet
{
    public readonly record struct SummaryRow(string Name, string LayerType, string OutputShape, long ParameterCount);
    public static class ModelSummary
    {
        public static string Format(string modelName, IReadOnlyList<SummaryRow> rows, long nonTrainableParameters = 0) => modelName;
        public static string OutputShape(int units) => $"(None, {units})";
    }
    public sealed class KerasNameScope
    {
        public static KerasNameScope Global { get; } = new();
        private readonly Dictionary<string, int> _next = new();
        public string Next(string prefix) { lock (_next) { _next.TryGetValue(prefix, out int n); _next[prefix] = n + 1; return n == 0 ? prefix : prefix + "_" + n; } }
    }
}
namespace SourceGenNet.Optimizers
{
    public sealed class RmsProp : Optimizer
    {
        private float[] _v = Array.Empty<float>();
        public RmsProp(float learningRate = 0.001f) : base(learningRate) { }
        public override void Build(int parameterCount) { if (_v.Length != parameterCount) _v = new float[parameterCount]; }
        public override void Apply(Span<float> p, ReadOnlySpan<float> g) { for (int i = 0; i < p.Length; i++) { _v[i] = 0.9f * _v[i] + 0.1f * g[i] * g[i]; p[i] -= LearningRate * g[i] / MathF.Sqrt(_v[i] + 1e-7f); } Iterations++; }
    }
    public sealed class StubSgd : Optimizer
    {
        public StubSgd(float learningRate = 0.01f) : base(learningRate) { }
        public override void Build(int parameterCount) { }
        public override void Apply(Span<float> p, ReadOnlySpan<float> g) { for (int i = 0; i < p.Length; i++) p[i] -= LearningRate * g[i]; Iterations++; }
    }
}
