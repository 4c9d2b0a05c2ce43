using System.Linq;
using Shouldly;
using SourceGenNet.Generator.Model;

namespace SourceGenNet.Generator.Tests;

/// <summary>Offsets and identifiers, the numbers the emitter only prints.</summary>
public class LayoutPlannerTests
{
    [Fact]
    public void Layers_sit_back_to_back_kernel_before_bias()
    {
        var layers = LayoutPlanner.Plan(784, new[]
        {
            new LayoutPlanner.DeclaredLayer("hidden", 100, Activation.Relu),
            new LayoutPlanner.DeclaredLayer("output", 10, Activation.Softmax),
        });
        layers.Select(l => (l.Inputs, l.Units, l.KernelOffset, l.BiasOffset)).ShouldBe(new[]
        {
            (784, 100, 0, 78400),
            (100, 10, 78500, 79500),
        });
        (layers[1].BiasOffset + layers[1].BiasLength).ShouldBe(79510); // the tutorial's parameter count
    }

    [Theory]
    [InlineData("hidden", 0, "Hidden")]
    [InlineData("dense_1", 0, "Dense1")]
    [InlineData("은닉 층", 0, "은닉층")]
    [InlineData("2nd layer", 1, "Layer2")]
    [InlineData("---", 2, "Layer3")]
    [InlineData(null, 3, "Dense4")]
    public void Identifiers_come_from_names_or_positions(string? name, int index, string expected) =>
        LayoutPlanner.ToIdentifier(name, index).ShouldBe(expected);

    [Fact]
    public void Names_folding_to_one_identifier_fall_back_to_the_position()
    {
        var layers = LayoutPlanner.Plan(4, new[]
        {
            new LayoutPlanner.DeclaredLayer("dense_1", 3, Activation.Relu),
            new LayoutPlanner.DeclaredLayer("Dense1", 2, Activation.Softmax),
        });
        layers.Select(l => l.Identifier).ShouldBe(new[] { "Dense1", "Layer2" });
    }
}
