using System;
using System.Linq;
using System.IO;
using SourceGenNet.Serialization;

namespace SourceGenNet
{
    public abstract partial class Network<TTarget>
    {
        /// <summary>
        /// Saves the weights as a safetensors file (see README, "Shipping models"), and with
        /// <paramref name="includeOptimizer"/> the optimizer's hyperparameters, slots and iteration
        /// count, so training can resume exactly. The file is written beside <paramref name="path"/>
        /// under a temporary name, flushed to disk and then renamed over it: a crash or an exception
        /// midway leaves the previous file as it was.
        /// </summary>
        /// <exception cref="InvalidOperationException">A weight is NaN or infinite (Load would refuse the file).</exception>
        public void Save(string path, bool includeOptimizer = false) =>
            AtomicFile.Write(path, stream => Save(stream, includeOptimizer));

        /// <summary>Writes the safetensors bytes of <see cref="Save(string, bool)"/> to <paramref name="stream"/>.</summary>
        public void Save(Stream stream, bool includeOptimizer = false)
        {
            ArgumentNullException.ThrowIfNull(stream);
            ModelFile.Write(stream, DescribeForFile(), _parameters, includeOptimizer ? Optimizer : null);
        }

        /// <summary>
        /// Loads weights saved by <see cref="Save(string, bool)"/> for this topology. Everything is
        /// checked first (structure, offsets, dtypes, shapes, topology metadata, finite values); on
        /// any problem a <see cref="ModelFormatException"/> names it and the model is unchanged.
        /// When the file holds optimizer state and <paramref name="restoreOptimizer"/> is on, the
        /// saved optimizer (its type, hyperparameters, slots and iterations) replaces <see cref="Optimizer"/>.
        /// </summary>
        public void Load(string path, bool restoreOptimizer = true)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            Load(stream, restoreOptimizer);
        }

        /// <summary>Like <see cref="Load(string, bool)"/>, from a stream read to its end.</summary>
        public void Load(Stream stream, bool restoreOptimizer = true)
        {
            ArgumentNullException.ThrowIfNull(stream);
            LoadedModel loaded = ModelFile.Read(stream, DescribeForFile());
            loaded.Parameters.AsSpan().CopyTo(_parameters);
            if (restoreOptimizer && loaded.Optimizer is not null) _optimizer = loaded.Optimizer;
        }

        private ModelDescription DescribeForFile()
        {
            int covered = 0;
            foreach (DenseLayer layer in Layers) covered += layer.ParameterCount;
            if (covered != ParameterCount)
                throw new InvalidOperationException($"the layers hold {covered} parameters, the model {ParameterCount}: nothing to save or load before the generated constructor ran");
            return new ModelDescription(Name, InputSize, InputShape.ToArray(), Layers, typeof(TTarget) == typeof(int),
                ModelDescription.LossName(Loss), ParameterCount);
        }
    }
}
