using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceGenNet.Generator.Diagnostics;
using SourceGenNet.Generator.Model;

namespace SourceGenNet.Generator.Parsing
{
    /// <summary>What parsing one class gives: a spec when the declaration is valid, and every problem found.</summary>
    internal sealed class ParseResult
    {
        public ParseResult(NetworkSpec? spec, ImmutableArray<Diagnostic> diagnostics)
        {
            Spec = spec;
            Diagnostics = diagnostics;
        }

        /// <summary>Null when any error was found: the generator then emits nothing and the analyzer reports why.</summary>
        public NetworkSpec? Spec { get; }

        public ImmutableArray<Diagnostic> Diagnostics { get; }
    }

    /// <summary>
    /// Reads a class's network attributes into a <see cref="NetworkSpec"/>. The only code that
    /// touches Roslyn symbols; the generator takes its spec, the analyzer its diagnostics, so the
    /// rules are written once.
    /// </summary>
    internal static class NetworkParser
    {
        public const string ModelAttributeName = "SourceGenNet.ModelAttribute";
        public const string InputAttributeName = "SourceGenNet.InputAttribute";
        public const string DenseAttributeName = "SourceGenNet.DenseAttribute";
        public const string LossAttributeName = "SourceGenNet.LossAttribute";
        public const string NetworkBaseName = "SourceGenNet.Network`1";

        /// <summary>Parses <paramref name="type"/>, which carries [Model].</summary>
        public static ParseResult Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
            Location typeLocation = type.Locations.FirstOrDefault() ?? Location.None;

            bool shapeOk = CheckTypeShape(type, typeLocation, diagnostics);

            var attributes = type.GetAttributes();
            AttributeData? model = attributes.FirstOrDefault(a => Is(a, ModelAttributeName));
            AttributeData? input = attributes.FirstOrDefault(a => Is(a, InputAttributeName));
            AttributeData? loss = attributes.FirstOrDefault(a => Is(a, LossAttributeName));
            List<AttributeData> denseAttributes = attributes.Where(a => Is(a, DenseAttributeName)).ToList();

            // An attribute the compiler could not bind (a typo, wrong argument types) already has
            // the compiler's error; reading its arguments would only add misleading ones.
            if (new[] { model, input, loss }.Concat(denseAttributes).Any(a => a is not null && a.AttributeConstructor is null))
                return new ParseResult(null, diagnostics.ToImmutable());

            CheckOneDeclaration(type, new[] { model, input, loss }.Concat(denseAttributes), diagnostics, cancellationToken);

            string? modelName = ReadModelName(model, typeLocation, diagnostics, cancellationToken);
            ImmutableArray<int> inputShape = ReadInputShape(type, input, typeLocation, diagnostics, cancellationToken);
            List<LayoutPlanner.DeclaredLayer> layers = ReadLayers(type, denseAttributes, typeLocation, diagnostics, cancellationToken);
            LossFunction? lossFunction = ReadLoss(loss, layers, typeLocation, diagnostics, cancellationToken);

            long inputSize = inputShape.IsDefault ? 0 : inputShape.Aggregate(1L, (product, dimension) => product * dimension);
            if (!inputShape.IsDefault && layers.Count > 0 && !diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                long parameters = LayoutPlanner.CountParameters(inputSize, layers);
                const long largestArray = 0x7FFFFFC7; // Array.MaxLength
                if (inputSize > largestArray || parameters > largestArray)
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TooManyParameters, typeLocation,
                        type.Name, System.Math.Max(inputSize, parameters).ToString("N0", CultureInfo.InvariantCulture),
                        largestArray.ToString("N0", CultureInfo.InvariantCulture)));
            }

            if (!shapeOk || lossFunction is null || diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                return new ParseResult(null, diagnostics.ToImmutable());

            ImmutableArray<LayerSpec> planned = LayoutPlanner.Plan((int)inputSize, layers);
            LayerSpec last = planned[planned.Length - 1];
            var spec = new NetworkSpec(
                Namespace: type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
                ContainingTypes: EquatableArray.From(ContainingTypes(type)),
                TypeName: type.Name,
                ModelName: modelName,
                InputShape: new EquatableArray<int>(inputShape),
                InputSize: (int)inputSize,
                Layers: new EquatableArray<LayerSpec>(planned),
                Loss: lossFunction.Value,
                LossIsExplicit: loss is not null,
                ParameterCount: last.BiasOffset + last.BiasLength);
            return new ParseResult(spec, diagnostics.ToImmutable());
        }

        private static bool Is(AttributeData attribute, string metadataName) =>
            attribute.AttributeClass?.ToDisplayString() == metadataName;

        private static Location LocationOf(AttributeData? attribute, Location fallback, CancellationToken cancellationToken) =>
            attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? fallback;

        /// <summary>SGN0001, SGN0009, SGN0012: a class we can add a partial declaration to, deriving from Network&lt;T&gt;.</summary>
        private static bool CheckTypeShape(INamedTypeSymbol type, Location location, ImmutableArray<Diagnostic>.Builder diagnostics)
        {
            string? unsupported =
                type.TypeKind != TypeKind.Class ? $"it is {Article(type.TypeKind)}; declare it as a 'partial class'" :
                type.IsRecord ? "a record cannot derive from SourceGenNet.Network<T>; declare it as a 'partial class'" :
                type.IsStatic ? "a static class has no instances; remove 'static'" :
                type.TypeParameters.Length > 0 ? "generic classes are not supported (a network's sizes are fixed when it compiles); remove the type parameters" :
                type.IsFileLocal ? "file-local classes are not supported; remove 'file'" :
                null;
            for (INamedTypeSymbol? outer = type.ContainingType; unsupported is null && outer is not null; outer = outer.ContainingType)
            {
                if (outer.IsGenericType)
                    unsupported = $"it is nested in the generic type '{outer.ToDisplayString()}'; move it out or make the outer type non-generic";
            }
            if (unsupported is not null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedType, location, type.Name, unsupported));
                return false;
            }

            for (INamedTypeSymbol? declared = type; declared is not null; declared = declared.ContainingType)
            {
                bool partial = declared.DeclaringSyntaxReferences.All(reference =>
                    reference.GetSyntax() is TypeDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword));
                if (!partial)
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NotPartial,
                        declared.Locations.FirstOrDefault() ?? location, declared.Name));
                    return false;
                }
            }

            INamedTypeSymbol? baseType = type.BaseType;
            bool baseOk = baseType is null || baseType.SpecialType == SpecialType.System_Object ||
                          baseType.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::SourceGenNet.Network<TTarget>";
            if (!baseOk)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.HasBaseClass, location, type.Name, baseType!.ToDisplayString()));
                return false;
            }
            return true;
        }

        private static string Article(TypeKind kind) => kind switch
        {
            TypeKind.Struct => "a struct",
            TypeKind.Interface => "an interface",
            TypeKind.Enum => "an enum",
            TypeKind.Delegate => "a delegate",
            _ => "not a class",
        };

        /// <summary>SGN0007: layer order is only defined within one declaration.</summary>
        private static void CheckOneDeclaration(INamedTypeSymbol type, IEnumerable<AttributeData?> attributes,
            ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? firstDeclaration = null;
            foreach (AttributeData? attribute in attributes)
            {
                SyntaxNode? syntax = attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
                SyntaxNode? declaration = syntax?.Parent?.Parent; // Attribute -> AttributeList -> TypeDeclaration
                if (declaration is null) continue;
                if (firstDeclaration is null)
                {
                    firstDeclaration = declaration;
                }
                else if (declaration != firstDeclaration)
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SplitDeclaration, syntax!.GetLocation(), type.Name));
                    return;
                }
            }
        }

        private static string? ReadModelName(AttributeData? model, Location fallback, ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
        {
            if (model is null || model.ConstructorArguments.Length == 0) return null;
            string? name = model.ConstructorArguments[0].Value as string;
            if (name is null || string.IsNullOrWhiteSpace(name))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidModelName, LocationOf(model, fallback, cancellationToken)));
                return null;
            }
            return name;
        }

        /// <summary>SGN0002, SGN0003 for the input.</summary>
        private static ImmutableArray<int> ReadInputShape(INamedTypeSymbol type, AttributeData? input, Location fallback,
            ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
        {
            ImmutableArray<TypedConstant> dimensions =
                input is { ConstructorArguments.Length: 1 } && input.ConstructorArguments[0].Kind == TypedConstantKind.Array
                    ? input.ConstructorArguments[0].Values
                    : default;
            if (input is null || dimensions.IsDefaultOrEmpty)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MissingInput, LocationOf(input, fallback, cancellationToken), type.Name));
                return default;
            }
            var shape = ImmutableArray.CreateBuilder<int>(dimensions.Length);
            for (int i = 0; i < dimensions.Length; i++)
            {
                int size = dimensions[i].Value is int value ? value : 0;
                if (size <= 0)
                {
                    string what = dimensions.Length == 1 ? "The input size" : $"Input dimension {i + 1}";
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NonPositiveSize, LocationOf(input, fallback, cancellationToken),
                        what, size.ToString(CultureInfo.InvariantCulture)));
                }
                shape.Add(size);
            }
            return shape.MoveToImmutable();
        }

        /// <summary>SGN0003, SGN0004, SGN0005, SGN0006, SGN0010 for the Dense layers.</summary>
        private static List<LayoutPlanner.DeclaredLayer> ReadLayers(INamedTypeSymbol type, List<AttributeData> denseAttributes, Location fallback,
            ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
        {
            var layers = new List<LayoutPlanner.DeclaredLayer>(denseAttributes.Count);
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            if (denseAttributes.Count == 0)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NoDenseLayer, fallback, type.Name));

            for (int index = 0; index < denseAttributes.Count; index++)
            {
                AttributeData dense = denseAttributes[index];
                Location location = LocationOf(dense, fallback, cancellationToken);
                int units = dense.ConstructorArguments.Length > 0 && dense.ConstructorArguments[0].Value is int u ? u : 0;
                var activation = (Activation)(dense.ConstructorArguments.Length > 1 && dense.ConstructorArguments[1].Value is int a ? a : 0);
                string? name = dense.NamedArguments.FirstOrDefault(argument => argument.Key == "Name").Value.Value as string;
                string label = name is null ? $"Dense layer {index + 1}" : $"Layer '{name}'";

                if (units <= 0)
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NonPositiveSize, location,
                        label + "'s units", units.ToString(CultureInfo.InvariantCulture)));
                if (!System.Enum.IsDefined(typeof(Activation), activation))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnknownEnumValue, location,
                        label + "'s activation", ((int)activation).ToString(CultureInfo.InvariantCulture), "Activation"));
                if (activation == Activation.Softmax && index != denseAttributes.Count - 1)
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SoftmaxNotLast, location, name is null ? (index + 1).ToString(CultureInfo.InvariantCulture) : $"'{name}'"));
                if (name is not null)
                {
                    if (string.IsNullOrWhiteSpace(name))
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidLayerName, location, name, "is empty"));
                    else if (name.IndexOf('/') >= 0)
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidLayerName, location, name, "contains '/'"));
                    else if (!names.Add(name))
                        diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.DuplicateLayerName, location, name));
                }
                layers.Add(new LayoutPlanner.DeclaredLayer(name, units, activation));
            }
            return layers;
        }

        /// <summary>
        /// The loss: explicit, or inferred from the output layer (softmax → sparse categorical
        /// cross-entropy, sigmoid → binary cross-entropy, otherwise mean squared error). SGN0008
        /// when an explicit loss cannot pair with the output layer.
        /// </summary>
        private static LossFunction? ReadLoss(AttributeData? loss, List<LayoutPlanner.DeclaredLayer> layers, Location fallback,
            ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
        {
            if (layers.Count == 0) return null;
            LayoutPlanner.DeclaredLayer output = layers[layers.Count - 1];
            if (loss is null)
            {
                return output.Activation switch
                {
                    Activation.Softmax => LossFunction.SparseCategoricalCrossentropy,
                    Activation.Sigmoid => LossFunction.BinaryCrossentropy,
                    _ => LossFunction.MeanSquaredError,
                };
            }

            Location location = LocationOf(loss, fallback, cancellationToken);
            var function = (LossFunction)(loss.ConstructorArguments.Length == 1 && loss.ConstructorArguments[0].Value is int f ? f : -1);
            if (!System.Enum.IsDefined(typeof(LossFunction), function))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnknownEnumValue, location,
                    "The loss", ((int)function).ToString(CultureInfo.InvariantCulture), "LossFunction"));
                return null;
            }
            string? problem = function switch
            {
                LossFunction.SparseCategoricalCrossentropy or LossFunction.CategoricalCrossentropy when output.Activation != Activation.Softmax =>
                    "a softmax output layer|cross-entropy over classes reads the outputs as probabilities that sum to 1: give the last layer Activation.Softmax, or use LossFunction.MeanSquaredError",
                LossFunction.SparseCategoricalCrossentropy or LossFunction.CategoricalCrossentropy when output.Units < 2 =>
                    "at least 2 output units|one softmax unit always outputs 1: use Dense(1, Activation.Sigmoid) with LossFunction.BinaryCrossentropy for two classes",
                LossFunction.BinaryCrossentropy when output.Activation != Activation.Sigmoid =>
                    "a sigmoid output layer|binary cross-entropy reads each output as a probability in (0, 1): give the last layer Activation.Sigmoid",
                _ => null,
            };
            if (problem is null) return function;
            string[] parts = problem.Split('|');
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LossDoesNotPair, location,
                "LossFunction." + function, parts[0], output.Units.ToString(CultureInfo.InvariantCulture), output.Activation.ToString(), parts[1]));
            return null;
        }

        private static IEnumerable<ContainingType> ContainingTypes(INamedTypeSymbol type)
        {
            var outers = new List<ContainingType>();
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                string keyword = (outer.IsRecord, outer.TypeKind) switch
                {
                    (true, TypeKind.Struct) => "record struct",
                    (true, _) => "record",
                    (false, TypeKind.Struct) => "struct",
                    (false, TypeKind.Interface) => "interface",
                    _ => "class",
                };
                outers.Insert(0, new ContainingType(keyword, outer.Name));
            }
            return outers;
        }
    }
}
