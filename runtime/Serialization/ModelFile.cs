using System;
using System.Collections.Generic;
using System.IO;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Serialization
{
    /// <summary>A file's contents after every check passed, in scratch buffers the model copies from.</summary>
    internal sealed record LoadedModel(float[] Parameters, Optimizer? Optimizer);

    /// <summary>
    /// A model's weights (and optionally its optimizer state) as one safetensors file:
    /// <code>
    /// {layer}/kernel                     F32 (inputs, units)   Keras' layout, row-major
    /// {layer}/bias                       F32 (units)
    /// optimizer/{slot}/{layer}/kernel    F32 (inputs, units)   one pair per optimizer slot (Keras' slot names)
    /// optimizer/{slot}/{layer}/bias      F32 (units)
    /// </code>
    /// in that order, with the topology and optimizer hyperparameters in <c>__metadata__</c>.
    /// </summary>
    internal static class ModelFile
    {
        public static void Write(Stream stream, ModelDescription model, float[] parameters, Optimizer? optimizer)
        {
            var tensors = new List<TensorSource>();
            AddLayers(tensors, "", model.Layers, parameters);
            Dictionary<string, string> metadata = model.Metadata();
            if (optimizer is not null)
            {
                OptimizerConfig.Describe(optimizer, metadata);
                for (int s = 0; s < optimizer.SlotNames.Count; s++)
                    AddLayers(tensors, $"optimizer/{optimizer.SlotNames[s]}/", model.Layers, optimizer.Slots[s]);
            }

            // Refuse to write what Load would refuse to read.
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (TensorSource tensor in tensors)
            {
                if (!names.Add(tensor.Name))
                    throw new InvalidOperationException($"two tensors would be named '{tensor.Name}': give the layers distinct names");
                int bad = Kernels.FiniteValues.FirstNonFinite(tensor.Source.AsSpan(tensor.Offset, tensor.Length));
                if (bad >= 0)
                    throw new InvalidOperationException(
                        $"not saving: tensor '{tensor.Name}' element {bad} is {tensor.Source[tensor.Offset + bad]}, and Load refuses non-finite weights");
            }
            SafeTensors.Write(stream, tensors, metadata);
        }

        /// <summary>Reads and checks everything; throws <see cref="ModelFormatException"/> on the first problem.</summary>
        public static LoadedModel Read(Stream stream, ModelDescription model)
        {
            SafeTensorsHeader header = SafeTensors.ReadHeader(stream);
            string[] layerNames = model.Check(header.Metadata);
            var parameters = new float[model.ParameterCount];
            var targets = new List<(TensorEntry Entry, float[] Destination, int Offset)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);

            void Expect(string name, long[] shape, float[] destination, int offset)
            {
                if (!header.Tensors.TryGetValue(name, out TensorEntry? entry))
                    throw new ModelFormatException($"tensor '{name}' is missing");
                if (!entry.Shape.AsSpan().SequenceEqual(shape))
                    throw new ModelFormatException(
                        $"tensor '{name}' has shape [{string.Join(", ", entry.Shape)}], this model needs [{string.Join(", ", shape)}]");
                seen.Add(name);
                targets.Add((entry, destination, offset));
            }

            void ExpectLayers(string prefix, float[] destination)
            {
                for (int i = 0; i < model.Layers.Count; i++)
                {
                    DenseLayer layer = model.Layers[i];
                    Expect($"{prefix}{layerNames[i]}/kernel", [layer.Inputs, layer.Units], destination, layer.KernelOffset);
                    Expect($"{prefix}{layerNames[i]}/bias", [layer.Units], destination, layer.BiasOffset);
                }
            }

            ExpectLayers("", parameters);
            (Optimizer Optimizer, long Iterations)? saved = OptimizerConfig.Read(header.Metadata);
            float[][] slots = [];
            if (saved is { } state)
            {
                slots = new float[state.Optimizer.SlotNames.Count][];
                for (int s = 0; s < slots.Length; s++)
                {
                    slots[s] = new float[model.ParameterCount];
                    ExpectLayers($"optimizer/{state.Optimizer.SlotNames[s]}/", slots[s]);
                }
            }
            foreach (string name in header.Tensors.Keys)
                if (!seen.Contains(name))
                    throw new ModelFormatException($"tensor '{name}' is not part of this model (or of its optimizer state)");

            byte[] data = SafeTensors.ReadData(stream, header);
            foreach ((TensorEntry entry, float[] destination, int offset) in targets)
            {
                Span<float> values = destination.AsSpan(offset, (int)((entry.End - entry.Begin) / 4));
                SafeTensors.Decode(data, entry, values);
                int bad = Kernels.FiniteValues.FirstNonFinite(values);
                if (bad >= 0)
                    throw new ModelFormatException(
                        $"tensor '{entry.Name}' element {bad} (file offset {header.DataStart + entry.Begin + 4L * bad}) is {values[bad]}; weights must be finite");
            }

            if (saved is { } restored)
            {
                restored.Optimizer.RestoreState(model.ParameterCount, restored.Iterations, slots);
                return new LoadedModel(parameters, restored.Optimizer);
            }
            return new LoadedModel(parameters, null);
        }

        private static void AddLayers(List<TensorSource> tensors, string prefix, IReadOnlyList<DenseLayer> layers, float[] source)
        {
            foreach (DenseLayer layer in layers)
            {
                tensors.Add(new TensorSource($"{prefix}{layer.Name}/kernel", [layer.Inputs, layer.Units], source, layer.KernelOffset));
                tensors.Add(new TensorSource($"{prefix}{layer.Name}/bias", [layer.Units], source, layer.BiasOffset));
            }
        }
    }
}
