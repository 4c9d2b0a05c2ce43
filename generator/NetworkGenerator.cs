using Microsoft.CodeAnalysis;
using SourceGenNet.Generator.Emitting;
using SourceGenNet.Generator.Model;
using SourceGenNet.Generator.Parsing;

namespace SourceGenNet.Generator
{
    /// <summary>
    /// Finds every class marked [Model], parses its attributes into a <see cref="NetworkSpec"/>
    /// and writes the network's code. Invalid declarations produce no spec and no code; the
    /// <see cref="NetworkAnalyzer"/> reports why, from the same parser.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NetworkGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // 1. Classes carrying [Model], parsed to plain, equatable specs (null when invalid).
            IncrementalValuesProvider<NetworkSpec> specs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    NetworkParser.ModelAttributeName,
                    predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                    transform: static (attributeContext, cancellationToken) =>
                        NetworkParser.Parse((INamedTypeSymbol)attributeContext.TargetSymbol, cancellationToken).Spec)
                .Where(static spec => spec is not null)
                .Select(static (spec, _) => spec!)
                .WithTrackingName(TrackingNames.Specs);

            // 2. One source file per network; the emitter is a pure function of the spec.
            context.RegisterSourceOutput(specs, static (output, spec) =>
                output.AddSource(NetworkEmitter.HintName(spec), NetworkEmitter.Emit(spec)));
        }
    }

    /// <summary>Names of the pipeline's steps, shared with the caching tests.</summary>
    public static class TrackingNames
    {
        public const string Specs = "NetworkSpecs";
    }
}
