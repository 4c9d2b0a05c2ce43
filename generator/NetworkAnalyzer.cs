using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceGenNet.Generator.Diagnostics;
using SourceGenNet.Generator.Parsing;

namespace SourceGenNet.Generator
{
    /// <summary>
    /// Reports what is wrong with a network declaration. It runs the generator's own parser, so a
    /// declaration the generator skips always comes with an error saying why; reporting here
    /// rather than from the generator keeps the generator's cached pipeline free of locations.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NetworkAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.NotPartial,
            DiagnosticDescriptors.MissingInput,
            DiagnosticDescriptors.NonPositiveSize,
            DiagnosticDescriptors.NoDenseLayer,
            DiagnosticDescriptors.SoftmaxNotLast,
            DiagnosticDescriptors.DuplicateLayerName,
            DiagnosticDescriptors.SplitDeclaration,
            DiagnosticDescriptors.LossDoesNotPair,
            DiagnosticDescriptors.UnsupportedType,
            DiagnosticDescriptors.InvalidLayerName,
            DiagnosticDescriptors.TooManyParameters,
            DiagnosticDescriptors.HasBaseClass,
            DiagnosticDescriptors.MissingModelAttribute,
            DiagnosticDescriptors.InvalidModelName,
            DiagnosticDescriptors.UnknownEnumValue);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
        }

        private static void AnalyzeType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            ImmutableArray<AttributeData> attributes = type.GetAttributes();
            bool hasModel = attributes.Any(a => a.AttributeClass?.ToDisplayString() == NetworkParser.ModelAttributeName);
            if (!hasModel)
            {
                bool hasLayers = attributes.Any(a => a.AttributeClass?.ToDisplayString() is
                    NetworkParser.InputAttributeName or NetworkParser.DenseAttributeName or NetworkParser.LossAttributeName);
                if (hasLayers)
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingModelAttribute,
                        type.Locations.FirstOrDefault() ?? Location.None, type.Name));
                return;
            }

            foreach (Diagnostic diagnostic in NetworkParser.Parse(type, context.CancellationToken).Diagnostics)
                context.ReportDiagnostic(diagnostic);
        }
    }
}
