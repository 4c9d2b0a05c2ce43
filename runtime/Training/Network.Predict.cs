using System;

namespace SourceGenNet
{
    public abstract partial class Network<TTarget>
    {
        /// <summary>
        /// Predicts one sample into <paramref name="output"/> (<see cref="OutputSize"/> floats).
        /// Allocates nothing and keeps its working memory on the stack, so any number of threads
        /// may predict at once while nothing trains the model.
        /// </summary>
        public abstract void Predict(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>The class with the highest output for one sample (the first on ties).</summary>
        public int PredictClass(ReadOnlySpan<float> input)
        {
            // Outputs are small; a very wide output layer falls back to the heap.
            Span<float> output = OutputSize <= 1024 ? stackalloc float[OutputSize] : new float[OutputSize];
            Predict(input, output);
            return Losses.LossKernels.ArgMax(output);
        }

        /// <summary>
        /// Predicts every sample of <paramref name="inputs"/> (samples x <see cref="InputSize"/>)
        /// into <paramref name="outputs"/> (samples x <see cref="OutputSize"/>), in chunks of
        /// <see cref="MaxBatchSize"/>, each chunk's rows shared among the <see cref="TrainingThreads"/>.
        /// Allocates nothing after the model's first batch prediction or evaluation, which makes the packed copy of its
        /// kernels that both read (as many floats as the kernels). Uses the model's activation buffers, so it must not
        /// run concurrently with training or another batch prediction on this model.
        /// </summary>
        public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
        {
            int samples = CheckInputs(inputs, nameof(inputs));
            if (outputs.Length != samples * OutputSize)
                throw new ArgumentException(
                    $"{samples} samples need an output of {samples * OutputSize} floats, got {outputs.Length}", nameof(outputs));
            using var kernels = PackKernelsFor(samples);
            if (Team is { } team)
            {
                // One hand-off for the whole call: each thread runs every layer on its own rows of every chunk,
                // so no layer waits for another thread; the same bits as one thread (see ThreadTeam.ForwardChunks).
                team.ForwardChunks(this, inputs, outputs, samples, MaxBatchSize, InputSize, OutputSize);
                return;
            }
            for (int first = 0; first < samples; first += MaxBatchSize)
            {
                int batch = Math.Min(MaxBatchSize, samples - first);
                ForwardBatch(
                    _parameters,
                    inputs.Slice(first * InputSize, batch * InputSize),
                    outputs.Slice(first * OutputSize, batch * OutputSize),
                    batch, firstRow: 0);
            }
        }

        /// <summary>Like <see cref="PredictBatch(ReadOnlySpan{float}, Span{float})"/>, returning a new array (Keras' <c>predict</c>).</summary>
        public float[] PredictBatch(ReadOnlySpan<float> inputs)
        {
            var outputs = new float[CheckInputs(inputs, nameof(inputs)) * OutputSize];
            PredictBatch(inputs, outputs);
            return outputs;
        }

        /// <summary>Checks a single sample's spans for <see cref="Predict"/>.</summary>
        protected void CheckSample(ReadOnlySpan<float> input, Span<float> output)
        {
            if (input.Length != InputSize)
                throw new ArgumentException($"one sample has {InputSize} floats, got {input.Length}", nameof(input));
            if (output.Length != OutputSize)
                throw new ArgumentException($"the output has {OutputSize} floats, got {output.Length}", nameof(output));
        }
    }
}
