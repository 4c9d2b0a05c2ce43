using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Serialization
{
    /// <summary>
    /// Which optimizer a file's state belongs to: metadata <c>optimizer</c> (the Keras class name),
    /// <c>optimizer_config</c> (its hyperparameters as a JSON object, Keras' names, floats written
    /// shortest-round-trip so they read back bit for bit) and <c>optimizer_iterations</c>.
    /// </summary>
    internal static class OptimizerConfig
    {
        public const string NameKey = "optimizer";
        public const string ConfigKey = "optimizer_config";
        public const string IterationsKey = "optimizer_iterations";

        public static void Describe(Optimizer optimizer, Dictionary<string, string> metadata)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteNumber("learning_rate", optimizer.LearningRate);
                switch (optimizer)
                {
                    case Sgd sgd:
                        writer.WriteNumber("momentum", sgd.Momentum);
                        writer.WriteBoolean("nesterov", sgd.Nesterov);
                        break;
                    case RmsProp rmsProp:
                        writer.WriteNumber("rho", rmsProp.Rho);
                        writer.WriteNumber("epsilon", rmsProp.Epsilon);
                        break;
                    case Adagrad adagrad:
                        writer.WriteNumber("initial_accumulator_value", adagrad.InitialAccumulatorValue);
                        writer.WriteNumber("epsilon", adagrad.Epsilon);
                        break;
                    case Adam adam:
                        writer.WriteNumber("beta_1", adam.Beta1);
                        writer.WriteNumber("beta_2", adam.Beta2);
                        writer.WriteNumber("epsilon", adam.Epsilon);
                        break;
                }
                writer.WriteEndObject();
            }
            metadata[NameKey] = optimizer.Name;
            metadata[ConfigKey] = Encoding.UTF8.GetString(buffer.WrittenSpan);
            metadata[IterationsKey] = optimizer.Iterations.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>A new, unbuilt optimizer as the metadata describes it, or null when the file has none.</summary>
        public static (Optimizer Optimizer, long Iterations)? Read(IReadOnlyDictionary<string, string> metadata)
        {
            if (!metadata.TryGetValue(NameKey, out string? name)) return null;
            string iterationsText = ModelDescription.Required(metadata, IterationsKey);
            if (!long.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out long iterations))
                throw new ModelFormatException($"metadata '{IterationsKey}' is '{iterationsText}', not an integer >= 0");
            try
            {
                using JsonDocument document = JsonDocument.Parse(ModelDescription.Required(metadata, ConfigKey), new JsonDocumentOptions { MaxDepth = 2 });
                JsonElement config = document.RootElement;
                float lr = Number(config, "learning_rate");
                Optimizer optimizer = name switch
                {
                    "SGD" => new Sgd(lr, Number(config, "momentum"), Boolean(config, "nesterov")),
                    "RMSprop" => new RmsProp(lr, Number(config, "rho"), Number(config, "epsilon")),
                    "Adagrad" => new Adagrad(lr, Number(config, "initial_accumulator_value"), Number(config, "epsilon")),
                    "Adam" => new Adam(lr, Number(config, "beta_1"), Number(config, "beta_2"), Number(config, "epsilon")),
                    _ => throw new ModelFormatException($"metadata '{NameKey}' is '{name}'; known optimizers: SGD, RMSprop, Adagrad, Adam"),
                };
                return (optimizer, iterations);
            }
            catch (JsonException e)
            {
                throw new ModelFormatException($"metadata '{ConfigKey}' is not valid JSON: {e.Message}", e);
            }
            catch (ArgumentException e)
            {
                // The optimizer's own validation: a hyperparameter out of its range.
                throw new ModelFormatException($"metadata '{ConfigKey}' describes an invalid {name}: {e.Message}", e);
            }
        }

        private static float Number(JsonElement config, string key)
        {
            if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty(key, out JsonElement value)
                || value.ValueKind != JsonValueKind.Number || !value.TryGetSingle(out float number) || !float.IsFinite(number))
                throw new ModelFormatException($"metadata '{ConfigKey}' needs a finite number '{key}'");
            return number;
        }

        private static bool Boolean(JsonElement config, string key)
        {
            if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty(key, out JsonElement value)
                || (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False))
                throw new ModelFormatException($"metadata '{ConfigKey}' needs a boolean '{key}'");
            return value.GetBoolean();
        }
    }
}
