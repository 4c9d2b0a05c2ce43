using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;

namespace SourceGenNet.Generator.Model
{
    /// <summary>
    /// Turns the declared layers into <see cref="LayerSpec"/>s: each layer's input width, where its
    /// kernel and bias sit in the one flat parameter buffer (layer after layer, kernel before bias,
    /// as Keras orders <c>get_weights()</c>), and a C# identifier for its members.
    /// </summary>
    internal static class LayoutPlanner
    {
        /// <summary>A declared Dense layer, before layout.</summary>
        internal readonly record struct DeclaredLayer(string? Name, int Units, Activation Activation);

        /// <summary>Lays the layers out; the caller has checked that every size is positive and the total fits an int.</summary>
        public static ImmutableArray<LayerSpec> Plan(int inputSize, IReadOnlyList<DeclaredLayer> layers)
        {
            var planned = ImmutableArray.CreateBuilder<LayerSpec>(layers.Count);
            var usedIdentifiers = new HashSet<string>();
            int inputs = inputSize;
            int offset = 0;
            for (int index = 0; index < layers.Count; index++)
            {
                DeclaredLayer layer = layers[index];
                string identifier = ToIdentifier(layer.Name, index);
                // Two names can fold to one identifier ("dense_1" and "Dense1"): the later one falls back to its position.
                if (!usedIdentifiers.Add(identifier))
                {
                    identifier = "Layer" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    usedIdentifiers.Add(identifier);
                }
                var spec = new LayerSpec(index, layer.Name, identifier, inputs, layer.Units, layer.Activation, offset);
                planned.Add(spec);
                offset += spec.ParameterCount;
                inputs = layer.Units;
            }
            return planned.MoveToImmutable();
        }

        /// <summary>Total parameters, in 64 bits so the parser can reject a network that does not fit one array.</summary>
        public static long CountParameters(long inputSize, IReadOnlyList<DeclaredLayer> layers)
        {
            long total = 0, inputs = inputSize;
            foreach (DeclaredLayer layer in layers)
            {
                total += inputs * layer.Units + layer.Units;
                inputs = layer.Units;
            }
            return total;
        }

        /// <summary>
        /// PascalCase of the layer's name when that makes an identifier ("hidden" → Hidden,
        /// "dense_1" → Dense1, "은닉 층" → 은닉층), else <c>Layer{n}</c>; unnamed layers are <c>Dense{n}</c>.
        /// </summary>
        internal static string ToIdentifier(string? name, int index)
        {
            string position = (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (name is null) return "Dense" + position;
            var identifier = new StringBuilder();
            bool startOfWord = true;
            foreach (char c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    identifier.Append(startOfWord ? char.ToUpperInvariant(c) : c);
                    startOfWord = false;
                }
                else
                {
                    startOfWord = true;
                }
            }
            if (identifier.Length == 0 || !char.IsLetter(identifier[0]) ||
                !Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(identifier.ToString()))
                return "Layer" + position;
            return identifier.ToString();
        }
    }
}
