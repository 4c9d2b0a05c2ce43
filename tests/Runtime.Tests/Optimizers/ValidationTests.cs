using System;
using System.Linq;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Runtime.Tests.Optimizers;

public class ValidationTests
{
    public static TheoryData<float> BadLearningRates => new() { -1f, -1e-30f, float.NaN, float.PositiveInfinity, float.NegativeInfinity };

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void LearningRate_setter_rejects_negative_and_non_finite(float value)
    {
        foreach (string name in OptimizerCases.Names)
        {
            Optimizer optimizer = OptimizerCases.Create(name);
            float before = optimizer.LearningRate;
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = value);
            Assert.Equal("LearningRate", e.ParamName);
            Assert.Equal(value, e.ActualValue);
            Assert.Equal(before, optimizer.LearningRate);
        }
    }

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void Constructors_reject_bad_learning_rates(float value)
    {
        AssertRejects("learningRate", value, () => new Sgd(value));
        AssertRejects("learningRate", value, () => new RmsProp(value));
        AssertRejects("learningRate", value, () => new Adagrad(value));
        AssertRejects("learningRate", value, () => new Adam(value));
    }

    [Fact]
    public void Zero_learning_rate_is_allowed_and_leaves_parameters_alone()
    {
        var sgd = new Sgd(0f, 0.9f);
        float[] w = [1f, 2f];
        sgd.Apply(w, [3f, 4f]);
        Assert.Equal([1f, 2f], w);
        Assert.Equal(1, sgd.Iterations);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.1f)]
    [InlineData(float.NaN)]
    public void Sgd_rejects_momentum_outside_0_1(float momentum) =>
        AssertRejects("momentum", momentum, () => new Sgd(momentum: momentum));

    [Fact]
    public void Sgd_accepts_momentum_bounds()
    {
        Assert.Equal(0f, new Sgd(momentum: 0f).Momentum);
        Assert.Equal(1f, new Sgd(momentum: 1f).Momentum);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Decay_rates_must_be_in_0_1(float value)
    {
        AssertRejects("rho", value, () => new RmsProp(rho: value));
        AssertRejects("beta1", value, () => new Adam(beta1: value));
        AssertRejects("beta2", value, () => new Adam(beta2: value));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1e-7f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Epsilon_must_be_finite_and_positive(float value)
    {
        AssertRejects("epsilon", value, () => new RmsProp(epsilon: value));
        AssertRejects("epsilon", value, () => new Adagrad(epsilon: value));
        AssertRejects("epsilon", value, () => new Adam(epsilon: value));
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Adagrad_initial_accumulator_must_be_finite_and_not_negative(float value) =>
        AssertRejects("initialAccumulatorValue", value, () => new Adagrad(initialAccumulatorValue: value));

    [Theory]
    [MemberData(nameof(OptimizerCases.NameData), MemberType = typeof(OptimizerCases))]
    public void Apply_rejects_buffers_of_another_length(string name)
    {
        Optimizer optimizer = OptimizerCases.Create(name);
        optimizer.Build(10);
        var e = Assert.Throws<ArgumentException>(() => optimizer.Apply(new float[9], new float[10]));
        Assert.Equal("parameters", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => optimizer.Apply(new float[10], new float[11]));
        Assert.Equal("gradients", e.ParamName);
        Assert.Equal(0, optimizer.Iterations);
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.NameData), MemberType = typeof(OptimizerCases))]
    public void Apply_builds_from_the_first_buffers_then_holds_to_that_length(string name)
    {
        Optimizer optimizer = OptimizerCases.Create(name);
        Assert.Equal(0, optimizer.ParameterCount);
        Assert.Empty(optimizer.Slots);
        optimizer.Apply(new float[5], new float[5]);
        Assert.Equal(5, optimizer.ParameterCount);
        Assert.All(optimizer.Slots, s => Assert.Equal(5, s.Length));
        Assert.Throws<ArgumentException>(() => optimizer.Apply(new float[6], new float[6]));
    }

    [Fact]
    public void Apply_on_an_unbuilt_optimizer_checks_the_gradient_length()
    {
        var adam = new Adam();
        var e = Assert.Throws<ArgumentException>(() => adam.Apply(new float[4], new float[3]));
        Assert.Equal("gradients", e.ParamName);
        Assert.Equal(0, adam.ParameterCount);   // a rejected call builds nothing
        Assert.Empty(adam.Slots);
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.NameData), MemberType = typeof(OptimizerCases))]
    public void Build_again_with_the_same_count_keeps_the_state_and_another_count_throws(string name)
    {
        Optimizer optimizer = OptimizerCases.Create(name);
        optimizer.Build(4);
        float[] w = [1f, 2f, 3f, 4f];
        optimizer.Apply(w, [0.1f, 0.2f, 0.3f, 0.4f]);
        float[][] slots = [.. optimizer.Slots];
        float[][] values = [.. slots.Select(s => (float[])s.Clone())];

        optimizer.Build(4);
        Assert.Equal(slots, optimizer.Slots);          // same buffers
        for (int s = 0; s < slots.Length; s++) Assert.Equal(values[s], optimizer.Slots[s]);
        Assert.Equal(1, optimizer.Iterations);

        var e = Assert.Throws<InvalidOperationException>(() => optimizer.Build(5));
        Assert.Contains("new instance", e.Message);
        Assert.Equal(4, optimizer.ParameterCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Build_needs_a_positive_count(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam().Build(count));
        Assert.Equal("parameterCount", e.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("adamw")]
    [InlineData("sgd ")]
    public void FromName_rejects_unknown_names_and_lists_the_known_ones(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Optimizer.FromName(name));
        Assert.Equal("name", e.ParamName);
        foreach (string known in (string[])["sgd", "rmsprop", "adagrad", "adam"]) Assert.Contains(known, e.Message);
    }

    [Fact]
    public void FromName_rejects_null() => Assert.Throws<ArgumentNullException>(() => Optimizer.FromName(null!));

    private static void AssertRejects(string parameter, float value, Func<Optimizer> create)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, e.ParamName);
        Assert.Equal(value, e.ActualValue);
        Assert.Contains(parameter, e.Message);
    }
}
