using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Runtime.Tests.Optimizers;

/// <summary>Iterations, slots, Reset, RestoreState, FromName and ToString.</summary>
public class StateTests
{
    [Theory]
    [MemberData(nameof(OptimizerCases.NameData), MemberType = typeof(OptimizerCases))]
    public void Iterations_counts_steps(string name)
    {
        Optimizer optimizer = OptimizerCases.Create(name);
        Assert.Equal(0, optimizer.Iterations);
        float[] w = new float[3], g = [0.1f, -0.2f, 0.3f];
        for (int i = 1; i <= 5; i++)
        {
            optimizer.Apply(w, g);
            Assert.Equal(i, optimizer.Iterations);
        }
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.NameData), MemberType = typeof(OptimizerCases))]
    public void Reset_makes_the_next_steps_those_of_a_fresh_instance(string name)
    {
        var random = new Random(3);
        float[] w0 = OptimizerCases.Random(random, 37);
        float[][] gradients = [.. Enumerable.Range(0, 4).Select(_ => OptimizerCases.Random(random, 37))];

        Optimizer used = OptimizerCases.Create(name);
        float[] scratch = (float[])w0.Clone();
        foreach (float[] g in gradients) used.Apply(scratch, g);
        used.Reset();
        Assert.Equal(0, used.Iterations);
        Assert.Equal(37, used.ParameterCount);

        Optimizer fresh = OptimizerCases.Create(name);
        fresh.Build(37);
        for (int s = 0; s < fresh.Slots.Count; s++) Assert.Equal(fresh.Slots[s], used.Slots[s]);

        float[] a = (float[])w0.Clone(), b = (float[])w0.Clone();
        foreach (float[] g in gradients)
        {
            used.Apply(a, g);
            fresh.Apply(b, g);
        }
        Assert.Equal(b, a);
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.NameData), MemberType = typeof(OptimizerCases))]
    public void RestoreState_resumes_exactly(string name)
    {
        var random = new Random(5);
        float[][] gradients = [.. Enumerable.Range(0, 6).Select(_ => OptimizerCases.Random(random, 20))];
        float[] w = OptimizerCases.Random(random, 20);

        Optimizer original = OptimizerCases.Create(name);
        for (int i = 0; i < 3; i++) original.Apply(w, gradients[i]);

        // Save, resume in a new instance, then both continue with the same gradients.
        float[][] saved = [.. original.Slots.Select(s => (float[])s.Clone())];
        Optimizer resumed = OptimizerCases.Create(name);
        resumed.RestoreState(20, original.Iterations, saved);
        Assert.Equal(3, resumed.Iterations);
        Assert.NotSame(saved.FirstOrDefault(), resumed.Slots.FirstOrDefault() ?? new float[0]);

        float[] a = (float[])w.Clone(), b = (float[])w.Clone();
        for (int i = 3; i < 6; i++)
        {
            original.Apply(a, gradients[i]);
            resumed.Apply(b, gradients[i]);
        }
        Assert.Equal(a, b);
    }

    [Fact]
    public void RestoreState_checks_everything_before_changing_anything()
    {
        var adam = new Adam();
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.RestoreState(4, -1, [new float[4], new float[4]]));
        Assert.Throws<ArgumentException>(() => adam.RestoreState(4, 1, [new float[4]]));
        Assert.Throws<ArgumentException>(() => adam.RestoreState(4, 1, [new float[4], new float[3]]));
        Assert.Throws<ArgumentNullException>(() => adam.RestoreState(4, 1, null!));
        Assert.Equal(0, adam.ParameterCount);
        Assert.Equal(0, adam.Iterations);

        adam.Build(4);
        Assert.Throws<InvalidOperationException>(() => adam.RestoreState(5, 1, [new float[5], new float[5]]));
        Assert.Equal(0, adam.Iterations);
    }

    [Fact]
    public void Plain_sgd_restores_with_no_slots()
    {
        var sgd = new Sgd();
        sgd.RestoreState(3, 42, []);
        Assert.Equal(3, sgd.ParameterCount);
        Assert.Equal(42, sgd.Iterations);
    }

    [Fact]
    public void Slots_follow_keras_variables()
    {
        Assert.Empty(new Sgd().SlotNames);
        Assert.Equal(["momentum"], new Sgd(momentum: 0.9f).SlotNames);
        Assert.Equal(["velocity"], new RmsProp().SlotNames);
        Assert.Equal(["accumulator"], new Adagrad().SlotNames);
        Assert.Equal(["momentum", "velocity"], new Adam().SlotNames);

        var adam = new Adam();
        adam.Build(6);
        Assert.Equal(2, adam.Slots.Count);
        Assert.All(adam.Slots, s => Assert.Equal(new float[6], s));
    }

    [Theory]
    [InlineData("sgd", typeof(Sgd), "SGD", 0.01f)]
    [InlineData("SGD", typeof(Sgd), "SGD", 0.01f)]
    [InlineData("RMSprop", typeof(RmsProp), "RMSprop", 0.001f)]
    [InlineData("adagrad", typeof(Adagrad), "Adagrad", 0.001f)]
    [InlineData("Adam", typeof(Adam), "Adam", 0.001f)]
    public void FromName_gives_keras_defaults(string name, Type type, string kerasName, float learningRate)
    {
        Optimizer optimizer = Optimizer.FromName(name);
        Assert.IsType(type, optimizer);
        Assert.Equal(kerasName, optimizer.Name);
        Assert.Equal(learningRate, optimizer.LearningRate);
    }

    [Fact]
    public void Defaults_are_keras_defaults()
    {
        var sgd = new Sgd();
        Assert.Equal((0.01f, 0f, false), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        var rmsprop = new RmsProp();
        Assert.Equal((0.001f, 0.9f, 1e-7f), (rmsprop.LearningRate, rmsprop.Rho, rmsprop.Epsilon));
        var adagrad = new Adagrad();
        Assert.Equal((0.001f, 0.1f, 1e-7f), (adagrad.LearningRate, adagrad.InitialAccumulatorValue, adagrad.Epsilon));
        var adam = new Adam();
        Assert.Equal((0.001f, 0.9f, 0.999f, 1e-7f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon));
    }

    [Fact]
    public void ToString_reads_like_a_keras_config_in_any_culture()
    {
        CultureInfo saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)", new Adam().ToString());
            Assert.Equal("SGD(learning_rate=0.1, momentum=0.9, nesterov=true)", new Sgd(0.1f, 0.9f, true).ToString());
            Assert.Equal("RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-07)", new RmsProp().ToString());
            Assert.Equal("Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07)", new Adagrad().ToString());
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_changed_learning_rate_applies_from_the_next_step()
    {
        var sgd = new Sgd(0.1f);
        float[] w = [1f];
        sgd.Apply(w, [1f]);
        sgd.LearningRate = 0.5f;
        sgd.Apply(w, [1f]);
        Assert.Equal(1f - 0.1f - 0.5f, w[0], 1e-6f);
    }
}
