using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Shouldly;
using SourceGenNet.Generator.Model;

namespace SourceGenNet.Generator.Tests;

/// <summary>The pipeline caches: unrelated edits reuse the spec and the output; an attribute change does not.</summary>
public class IncrementalTests
{
    private const string Model = """
        using SourceGenNet;
        namespace App;
        [Model("m")]
        [Input(12)]
        [Dense(8, Activation.Relu, Name = "hidden")]
        [Dense(3, Activation.Softmax, Name = "output")]
        public partial class Net;
        """;

    private static GeneratorRunResult RunTwice(string first, string second, string? extraFile = null)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(first, "namespace App; public class Other { public int X; }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree modelTree = compilation.SyntaxTrees.First();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(modelTree, CSharpSyntaxTree.ParseText(second, GeneratorHarness.ParseOptions, modelTree.FilePath));
        if (extraFile is not null)
        {
            SyntaxTree other = compilation.SyntaxTrees.Last();
            edited = edited.ReplaceSyntaxTree(other, CSharpSyntaxTree.ParseText(extraFile, GeneratorHarness.ParseOptions, other.FilePath));
        }
        driver = driver.RunGenerators(edited);
        return driver.GetRunResult().Results.Single();
    }

    [Fact]
    public void An_edit_elsewhere_leaves_every_step_cached()
    {
        GeneratorRunResult result = RunTwice(Model, Model, extraFile: "namespace App; public class Other { public int X; public int Y; }");
        var reasons = result.TrackedSteps[TrackingNames.Specs].SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
        reasons.ShouldNotBeEmpty();
        reasons.ShouldAllBe(reason => reason == IncrementalStepRunReason.Cached || reason == IncrementalStepRunReason.Unchanged);
        result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs)
            .ShouldAllBe(output => output.Item2 == IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void A_comment_in_the_model_file_leaves_the_spec_unchanged()
    {
        GeneratorRunResult result = RunTwice(Model, "// a comment\n" + Model + "\n// another");
        result.TrackedSteps[TrackingNames.Specs].SelectMany(step => step.Outputs)
            .ShouldAllBe(output => output.Reason == IncrementalStepRunReason.Unchanged || output.Reason == IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Changing_an_attribute_modifies_the_spec_and_the_output()
    {
        GeneratorRunResult result = RunTwice(Model, Model.Replace("Dense(8,", "Dense(16,"));
        result.TrackedSteps[TrackingNames.Specs].SelectMany(step => step.Outputs)
            .ShouldContain(output => output.Reason == IncrementalStepRunReason.Modified);
        result.GeneratedSources.Single().SourceText.ToString().ShouldContain("Dense 12 -> 16, relu");
    }

    [Fact]
    public void The_spec_holds_no_roslyn_objects()
    {
        // Symbols, syntax, locations or compilations in the model would defeat caching and keep compilations alive.
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SyntaxTree) };
        foreach (var type in new[] { typeof(NetworkSpec), typeof(LayerSpec), typeof(ContainingType) })
            foreach (PropertyInfo property in type.GetProperties())
                forbidden.ShouldNotContain(f => f.IsAssignableFrom(property.PropertyType) ||
                    (property.PropertyType.IsGenericType && property.PropertyType.GetGenericArguments().Any(f.IsAssignableFrom)),
                    $"{type.Name}.{property.Name}");
    }
}
