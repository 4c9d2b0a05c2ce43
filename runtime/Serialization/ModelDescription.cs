using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace SourceGenNet.Serialization
{
    /// <summary>
    /// What a weights file must agree with: the topology of one model. Layers are matched by
    /// position, as Keras' <c>load_weights</c> matches a Sequential model; their names are kept for
    /// readers but not compared, because unnamed layers take process-dependent Keras names
    /// (<c>dense_3</c> in one run, <c>dense</c> in the next).
    /// </summary>
    internal sealed record ModelDescription(
        string Name, int InputSize, int[]? InputShape, IReadOnlyList<DenseLayer> Layers, bool IntTargets, string Loss, int ParameterCount)
    {
        public const string Format = "SourceGenNet";
        public const string FormatVersion = "1";

        /// <summary>The <c>__metadata__</c> map: format, versions and topology, all strings.</summary>
        public Dictionary<string, string> Metadata() => new(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["format_version"] = FormatVersion,
            ["library_version"] = typeof(ModelDescription).Assembly.GetName().Version?.ToString(3) ?? "",
            ["model_name"] = Name,
            ["input_size"] = InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["input_shape"] = InputShape is null ? "" : "[" + string.Join(", ", InputShape) + "]",
            ["layers"] = LayersJson(),
            ["targets"] = IntTargets ? "int" : "float",
            ["loss"] = Loss,
        };

        /// <summary>
        /// Checks the file's metadata against this model and returns the file's layer names, in order.
        /// </summary>
        public string[] Check(IReadOnlyDictionary<string, string> metadata)
        {
            Expect(metadata, "format", Format);
            Expect(metadata, "format_version", FormatVersion);
            Expect(metadata, "input_size", InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Expect(metadata, "targets", IntTargets ? "int" : "float");
            Expect(metadata, "loss", Loss);

            string json = Required(metadata, "layers");
            var names = new List<string>();
            try
            {
                using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 3 });
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                    throw new ModelFormatException("metadata 'layers' is not a JSON array");
                if (document.RootElement.GetArrayLength() != Layers.Count)
                    throw new ModelFormatException(
                        $"metadata 'layers': the file has {document.RootElement.GetArrayLength()} Dense layers, this model has {Layers.Count}");
                int i = 0;
                foreach (JsonElement layer in document.RootElement.EnumerateArray())
                {
                    DenseLayer mine = Layers[i];
                    if (layer.ValueKind != JsonValueKind.Object
                        || !layer.TryGetProperty("name", out JsonElement name) || name.ValueKind != JsonValueKind.String
                        || !layer.TryGetProperty("units", out JsonElement units) || !units.TryGetInt32(out int unitCount)
                        || !layer.TryGetProperty("activation", out JsonElement activation) || activation.ValueKind != JsonValueKind.String)
                        throw new ModelFormatException($"metadata 'layers'[{i}] needs a name, units and an activation");
                    string fileName = name.GetString()!;
                    if (unitCount != mine.Units || activation.GetString() != ActivationName(mine.Activation))
                        throw new ModelFormatException(
                            $"metadata 'layers'[{i}]: the file's layer '{fileName}' is Dense({unitCount}, {activation.GetString()}), " +
                            $"this model's '{mine.Name}' is Dense({mine.Units}, {ActivationName(mine.Activation)})");
                    names.Add(fileName);
                    i++;
                }
            }
            catch (JsonException e)
            {
                throw new ModelFormatException($"metadata 'layers' is not valid JSON: {e.Message}", e);
            }
            return names.ToArray();
        }

        public static string Required(IReadOnlyDictionary<string, string> metadata, string key) =>
            metadata.TryGetValue(key, out string? value) ? value : throw new ModelFormatException($"metadata '{key}' is missing");

        public static string ActivationName(Activation activation) => activation switch
        {
            Activation.Linear => "linear",
            Activation.Relu => "relu",
            Activation.Sigmoid => "sigmoid",
            Activation.Tanh => "tanh",
            Activation.Softmax => "softmax",
            _ => "unknown",
        };

        internal static string LossName(LossFunction loss) => loss switch
        {
            LossFunction.SparseCategoricalCrossentropy => "sparse_categorical_crossentropy",
            LossFunction.CategoricalCrossentropy => "categorical_crossentropy",
            LossFunction.BinaryCrossentropy => "binary_crossentropy",
            LossFunction.MeanSquaredError => "mean_squared_error",
            _ => "unknown",
        };

        private static void Expect(IReadOnlyDictionary<string, string> metadata, string key, string expected)
        {
            string actual = Required(metadata, key);
            if (actual != expected)
                throw new ModelFormatException($"metadata '{key}' is '{actual}', this model needs '{expected}'");
        }

        private string LayersJson()
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (DenseLayer layer in Layers)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", layer.Name);
                    writer.WriteNumber("units", layer.Units);
                    writer.WriteString("activation", ActivationName(layer.Activation));
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
