using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;

namespace SourceGenNet.Generator.Tests;

/// <summary>
/// One test per diagnostic: the invalid declaration gets exactly that ID, at the place a user
/// must edit, with a message saying how to fix it, and the generator writes nothing for it.
/// </summary>
public class DiagnosticTests
{
    /// <summary>Runs generator and analyzer; asserts exactly one SGN diagnostic and no generated file, and returns it.</summary>
    private static Diagnostic SingleDiagnostic(string source, string id, string locatedAt, string messagePart)
    {
        var (files, _) = GeneratorHarness.Generate(source);
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Diagnose(source);
        Diagnostic[] ours = diagnostics.Where(d => d.Id.StartsWith("SGN")).ToArray();
        ours.Select(d => d.Id).ShouldBe(new[] { id }, string.Join("\n", diagnostics));
        Diagnostic diagnostic = ours[0];
        diagnostic.Location.SourceTree.ShouldNotBeNull();
        diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)
            .ShouldBe(locatedAt);
        diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).ShouldContain(messagePart);
        if (diagnostic.Severity == DiagnosticSeverity.Error) files.ShouldBeEmpty();
        return diagnostic;
    }

    private const string Usings = "using SourceGenNet;\n";

    [Fact]
    public void SGN0001_class_not_partial() => SingleDiagnostic(Usings + """
        [Model, Input(4), Dense(2, Activation.Softmax)]
        public class Net { }
        """, "SGN0001", "Net", "write 'partial class Net'");

    [Fact]
    public void SGN0001_containing_type_not_partial() => SingleDiagnostic(Usings + """
        public class Outer
        {
            [Model, Input(4), Dense(2, Activation.Softmax)]
            public partial class Net;
        }
        """, "SGN0001", "Outer", "'Outer' must be declared partial");

    [Fact]
    public void SGN0002_no_input() => SingleDiagnostic(Usings + """
        [Model, Dense(2, Activation.Softmax)]
        public partial class Net;
        """, "SGN0002", "Net", "add one with the shape of a sample");

    [Fact]
    public void SGN0002_input_without_dimensions() => SingleDiagnostic(Usings + """
        [Model, Input, Dense(2, Activation.Softmax)]
        public partial class Net;
        """, "SGN0002", "Input", "[Input(28, 28)]");

    [Fact]
    public void SGN0003_non_positive_input_dimension() => SingleDiagnostic(Usings + """
        [Model, Input(28, 0), Dense(2, Activation.Softmax)]
        public partial class Net;
        """, "SGN0003", "Input(28, 0)", "Input dimension 2 is 0");

    [Fact]
    public void SGN0003_non_positive_units() => SingleDiagnostic(Usings + """
        [Model, Input(4), Dense(-3, Activation.Relu, Name = "hidden"), Dense(2, Activation.Softmax)]
        public partial class Net;
        """, "SGN0003", "Dense(-3, Activation.Relu, Name = \"hidden\")", "Layer 'hidden''s units is -3");

    [Fact]
    public void SGN0004_no_dense_layer() => SingleDiagnostic(Usings + """
        [Model, Input(4)]
        public partial class Net;
        """, "SGN0004", "Net", "declares no [Dense(...)] layer");

    [Fact]
    public void SGN0005_softmax_before_the_last_layer() => SingleDiagnostic(Usings + """
        [Model, Input(4), Dense(8, Activation.Softmax), Dense(2, Activation.Softmax)]
        public partial class Net;
        """, "SGN0005", "Dense(8, Activation.Softmax)", "use it only on the output layer");

    [Fact]
    public void SGN0006_duplicate_layer_names() => SingleDiagnostic(Usings + """
        [Model, Input(4), Dense(8, Name = "layer"), Dense(2, Activation.Softmax, Name = "layer")]
        public partial class Net;
        """, "SGN0006", "Dense(2, Activation.Softmax, Name = \"layer\")", "'layer' is used more than once");

    [Fact]
    public void SGN0007_attributes_split_across_partial_declarations() => SingleDiagnostic(Usings + """
        [Model, Input(4), Dense(8, Activation.Relu)]
        public partial class Net;
        [Dense(2, Activation.Softmax)]
        public partial class Net;
        """, "SGN0007", "Dense(2, Activation.Softmax)", "put [Model], [Input], [Dense] and [Loss] on one declaration");

    [Fact]
    public void SGN0008_sparse_crossentropy_needs_softmax() => SingleDiagnostic(Usings + """
        [Model, Input(4), Dense(3, Activation.Sigmoid), Loss(LossFunction.SparseCategoricalCrossentropy)]
        public partial class Net;
        """, "SGN0008", "Loss(LossFunction.SparseCategoricalCrossentropy)", "give the last layer Activation.Softmax");

    [Fact]
    public void SGN0008_binary_crossentropy_needs_sigmoid() => SingleDiagnostic(Usings + """
        [Model, Input(4), Dense(1), Loss(LossFunction.BinaryCrossentropy)]
        public partial class Net;
        """, "SGN0008", "Loss(LossFunction.BinaryCrossentropy)", "give the last layer Activation.Sigmoid");

    [Fact]
    public void SGN0008_categorical_crossentropy_needs_two_classes() => SingleDiagnostic(Usings + """
        [Model, Input(4), Dense(1, Activation.Softmax), Loss(LossFunction.CategoricalCrossentropy)]
        public partial class Net;
        """, "SGN0008", "Loss(LossFunction.CategoricalCrossentropy)", "one softmax unit always outputs 1");

    [Theory]
    [InlineData("public partial class Net<T>;", "Net", "generic classes are not supported")]
    [InlineData("public partial struct Net;", "Net", "it is a struct")]
    [InlineData("public partial record Net;", "Net", "a record cannot derive")]
    [InlineData("public static partial class Net;", "Net", "a static class has no instances")]
    public void SGN0009_unsupported_type_shapes(string declaration, string locatedAt, string messagePart) =>
        SingleDiagnostic(Usings + "[Model, Input(4), Dense(2, Activation.Softmax)]\n" + declaration, "SGN0009", locatedAt, messagePart);

    [Fact]
    public void SGN0009_nested_in_a_generic_type() => SingleDiagnostic(Usings + """
        public partial class Outer<T>
        {
            [Model, Input(4), Dense(2, Activation.Softmax)]
            public partial class Net;
        }
        """, "SGN0009", "Net", "nested in the generic type 'Outer<T>'");

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("hidden/kernel", "contains '/'")]
    public void SGN0010_invalid_layer_name(string name, string messagePart) => SingleDiagnostic(Usings + $$"""
        [Model, Input(4), Dense(8, Name = "{{name}}"), Dense(2, Activation.Softmax)]
        public partial class Net;
        """, "SGN0010", $"Dense(8, Name = \"{name}\")", messagePart);

    [Fact]
    public void SGN0011_too_many_parameters() => SingleDiagnostic(Usings + """
        [Model, Input(100000), Dense(100000, Activation.Relu), Dense(2, Activation.Softmax)]
        public partial class Net;
        """, "SGN0011", "Net", "needs 10,000,300,002 floats");

    [Fact]
    public void SGN0012_base_class() => SingleDiagnostic(Usings + """
        public class Base { }
        [Model, Input(4), Dense(2, Activation.Softmax)]
        public partial class Net : Base;
        """, "SGN0012", "Net", "derives from 'Base'");

    [Fact]
    public void SGN0013_layers_without_model_attribute_is_a_warning()
    {
        Diagnostic diagnostic = SingleDiagnostic(Usings + """
            [Input(4), Dense(2, Activation.Softmax)]
            public partial class Net;
            """, "SGN0013", "Net", "add [Model]");
        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Warning);
    }

    [Fact]
    public void SGN0014_empty_model_name() => SingleDiagnostic(Usings + """
        [Model(" "), Input(4), Dense(2, Activation.Softmax)]
        public partial class Net;
        """, "SGN0014", "Model(\" \")", "The model name is empty");

    [Fact]
    public void SGN0015_activation_outside_the_enum() => SingleDiagnostic(Usings + """
        [Model, Input(4), Dense(2, (Activation)42)]
        public partial class Net;
        """, "SGN0015", "Dense(2, (Activation)42)", "is (Activation)42, which is not a Activation value");

    [Fact]
    public void A_valid_declaration_has_no_diagnostic_at_all()
    {
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Diagnose(SnapshotCases.Sources["FashionMnist"]);
        diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ShouldBeEmpty();
    }

    [Fact]
    public void An_attribute_the_compiler_cannot_bind_adds_no_diagnostic_of_ours()
    {
        // The compiler already says what is wrong; the generator must neither crash nor pile on.
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Diagnose(Usings + """
            [Model, Input(4), Dense("ten", Activation.Softmax)]
            public partial class Net;
            """);
        diagnostics.ShouldContain(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS"));
        diagnostics.ShouldNotContain(d => d.Id.StartsWith("SGN"));
    }

    [Fact]
    public void Every_descriptor_is_reported_by_the_analyzer_and_tracked_in_the_release_notes()
    {
        var ids = new NetworkAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToArray();
        ids.ShouldBe(Enumerable.Range(1, 15).Select(n => $"SGN{n:0000}").ToArray());
        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "generator", "AnalyzerReleases.Unshipped.md"));
        foreach (string id in ids) releases.ShouldContain(id + " |");
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(thisFile)!, "..", ".."));
}
