using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Shouldly;

namespace SourceGenNet.Generator.Tests;

/// <summary>Generated code compiles cleanly at the highest warning level, and does not depend on the culture.</summary>
public class CompilationTests
{
    [Theory]
    [MemberData(nameof(SnapshotCases.Names), MemberType = typeof(SnapshotCases))]
    public void Generated_code_compiles_without_a_single_warning(string name)
    {
        // Documentation comments are checked too (CS1591 and friends), as in a project with
        // GenerateDocumentationFile; only diagnostics inside generated files count, since the
        // test's own declarations carry no XML docs.
        var parseOptions = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        CSharpCompilation input = GeneratorHarness.Compile(SnapshotCases.Sources[name]);
        input = input.RemoveAllSyntaxTrees().AddSyntaxTrees(
            input.SyntaxTrees.Select(tree => CSharpSyntaxTree.ParseText(tree.ToString(), parseOptions, tree.FilePath)));
        input = input.WithOptions(input.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);

        var generatedTrees = output.SyntaxTrees.Skip(input.SyntaxTrees.Count()).ToHashSet();
        generatedTrees.Count.ShouldBe(1);
        var problems = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError)
            .Where(d => d.Location.SourceTree is null || generatedTrees.Contains(d.Location.SourceTree))
            .ToArray();
        problems.ShouldBeEmpty(string.Join("\n", problems.Select(p => p.ToString())));
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS1591").ShouldBeEmpty();
    }

    [Fact]
    public void Generation_is_identical_under_a_culture_with_unusual_numbers()
    {
        string[] sources = SnapshotCases.Sources.Values.ToArray();
        string invariant = RunUnder(CultureInfo.InvariantCulture, sources);

        // A Swedish-like culture whose minus sign is U+2212, with odd separators and digits grouping.
        var unusual = (CultureInfo)CultureInfo.GetCultureInfo("sv-SE").Clone();
        unusual.NumberFormat.NegativeSign = "\u2212";
        unusual.NumberFormat.NumberGroupSeparator = "\u00A0";
        unusual.NumberFormat.NumberDecimalSeparator = ",";
        unusual.NumberFormat.PositiveSign = "\u002B";
        RunUnder(unusual, sources).ShouldBe(invariant);
        RunUnder(CultureInfo.GetCultureInfo("ar-SA"), sources).ShouldBe(invariant);
        RunUnder(CultureInfo.GetCultureInfo("tr-TR"), sources).ShouldBe(invariant); // dotted/dotless i in ToUpper/ToLower
    }

    private static string RunUnder(CultureInfo culture, string[] sources)
    {
        CultureInfo previous = CultureInfo.CurrentCulture, previousUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var (files, _) = GeneratorHarness.Generate(sources);
            return string.Join("\n// ----\n", files.OrderBy(f => f.Key, System.StringComparer.Ordinal).Select(f => f.Key + "\n" + f.Value));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }
}
