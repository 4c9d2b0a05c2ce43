extern alias runtime;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceGenNet.Generator;

namespace SourceGenNet.Generator.Tests;

/// <summary>Runs the generator and the analyzer on source text, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The framework, the runtime (SourceGenNet.dll) and its dependencies.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            // A user's compilation sees the generator only as an analyzer, never as a reference.
            .Where(path => Path.GetFileName(path) != "SourceGenNet.Generator.dll")
            .Append(typeof(runtime::SourceGenNet.Network<>).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{index}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                allowUnsafe: false));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The generated files (hint name → text) and the compilation that includes them.</summary>
    public static (IReadOnlyDictionary<string, string> Files, Compilation Output) Generate(params string[] sources)
    {
        CSharpCompilation input = Compile(sources);
        CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        if (!generatorDiagnostics.IsEmpty)
            throw new InvalidOperationException("the generator reported: " + string.Join("; ", generatorDiagnostics));
        var files = output.SyntaxTrees.Skip(input.SyntaxTrees.Length)
            .ToDictionary(tree => Path.GetFileName(tree.FilePath), tree => tree.ToString());
        return (files, output);
    }

    /// <summary>Every compiler and analyzer diagnostic of the generated compilation.</summary>
    public static ImmutableArray<Diagnostic> Diagnose(params string[] sources)
    {
        (_, Compilation output) = Generate(sources);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkAnalyzer());
        return output.WithAnalyzers(analyzers).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
    }
}
