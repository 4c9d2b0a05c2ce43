using System.Collections.Generic;
using System.Linq;
using SourceGenNet.Generator.Model;

namespace SourceGenNet.Generator.Emitting
{
    /// <summary>
    /// The forward pass (layers in order), the loss, and the backward pass (the same layers in
    /// reverse, under the same headings), as straight-line calls into the runtime's kernels with
    /// this network's sizes written in.
    /// </summary>
    internal static partial class NetworkEmitter
    {
        private const string Span = "global::System.Span<float>";
        private const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
        private const string Dense = "global::SourceGenNet.Kernels.DenseKernels";
        private const string Activations = "global::SourceGenNet.Kernels.ActivationKernels";
        private const string Losses = "global::SourceGenNet.Losses.LossKernels";
        private const string Metrics = "global::SourceGenNet.Training.BatchMetrics";
        private const string Team = "global::SourceGenNet.Kernels.ThreadTeam?";

        /// <summary>
        /// The first layer's products are the ones that take the team: its forward in <c>Evaluate</c> (training
        /// shares every row-by-row operation through <c>ForwardBackwardRows</c> instead) and its kernel gradient.
        /// It is the widest layer of a typical network; every other parameter gradient runs on the calling thread.
        /// </summary>
        private static string TeamArgument(LayerSpec layer) => layer.Index == 0 ? "team, " : "";

        /// <summary>Single-sample prediction keeps hidden activations on the stack up to this many floats (64 KiB).</summary>
        private const int StackLimitFloats = 16384;

        private static string Activated(LayerSpec layer) => layer.CamelIdentifier + "Activations";

        private static string Gradient(LayerSpec layer) => layer.CamelIdentifier + "Gradient";

        /// <summary>What a layer reads: the input for the first, the previous layer's activations after that.</summary>
        private static string InputOf(NetworkSpec spec, LayerSpec layer) =>
            layer.Index == 0 ? "input" : Activated(spec.Layers[layer.Index - 1]);

        private static string Heading(LayerSpec layer) =>
            $"// {LayerLabel(layer)}: Dense {N(layer.Inputs)} -> {N(layer.Units)}, {ActivationName(layer.Activation)}.";

        private static void WriteForward(SourceWriter writer, NetworkSpec spec)
        {
            string activations = string.Join(", ", spec.Layers.Select(l => $"{Span} {Activated(l)}"));
            writer.Line("/// <summary>");
            writer.Line("/// The forward pass on <paramref name=\"batch\"/> samples: each layer in order computes");
            writer.Line("/// <c>a = activation(x · W + b)</c> from the previous layer's activations. Every span holds exactly");
            writer.Line("/// <paramref name=\"batch\"/> rows. The first layer's product is shared by batch rows among");
            writer.Line("/// <paramref name=\"team\"/>'s threads (null: the calling thread alone); the results are the same.");
            writer.Line("/// With <paramref name=\"firstProductDone\"/>, the first layer's product is already in its buffer (FirstLayerProduct).");
            writer.Line("/// </summary>");
            writer.Line($"private static void Forward({Team} team, {ReadOnlySpan} p, {ReadOnlySpan} input, int batch, {activations}, bool firstProductDone = false)").Open();
            foreach (LayerSpec layer in spec.Layers)
            {
                if (layer.Index > 0) writer.Line();
                writer.Line($"{Heading(layer)}  {InputOf(spec, layer)} (B, {N(layer.Inputs)}) -> {Activated(layer)} (B, {N(layer.Units)})");
                if (layer.Index == 0) writer.Line("if (!firstProductDone) // training on several threads did it already, split by K (FirstLayerProduct)").Open();
                writer.Line($"{Dense}.Forward({TeamArgument(layer)}{InputOf(spec, layer)},");
                writer.Line($"    {Kernel("p", layer)}, {Bias("p", layer)},");
                writer.Line($"    {Activated(layer)}, batch, inner: {N(layer.Inputs)}, cols: {N(layer.Units)});");
                if (layer.Index == 0) writer.Close();
                switch (layer.Activation)
                {
                    case Activation.Relu: writer.Line($"{Activations}.Relu({Activated(layer)});"); break;
                    case Activation.Sigmoid: writer.Line($"{Activations}.Sigmoid({Activated(layer)});"); break;
                    case Activation.Tanh: writer.Line($"{Activations}.Tanh({Activated(layer)});"); break;
                    case Activation.Softmax: writer.Line($"{Activations}.SoftmaxRows({Activated(layer)}, batch, {N(layer.Units)});"); break;
                    default: writer.Line("// linear: the activation is the identity."); break;
                }
            }
            writer.Close();
            writer.Line();
        }

        /// <summary>
        /// Declares each layer's activation (and, for training, gradient) span: <paramref name="rows"/> rows of the
        /// buffers from row <paramref name="first"/> (an expression; "0" for a whole batch).
        /// </summary>
        private static void WriteBatchViews(SourceWriter writer, NetworkSpec spec, bool withGradients, string first = "0", string rows = "batch")
        {
            foreach (LayerSpec layer in spec.Layers)
            {
                writer.Line($"{Span} {Activated(layer)} = new(_{Activated(layer)}, {RowOffset(first, layer)}, {rows} * {N(layer.Units)});");
                if (withGradients)
                    writer.Line($"{Span} {Gradient(layer)} = new(_{Gradient(layer)}, {RowOffset(first, layer)}, {rows} * {N(layer.Units)});");
            }
        }

        private static string RowOffset(string first, LayerSpec layer) => first == "0" ? "0" : $"{first} * {N(layer.Units)}";

        private static string ActivationArguments(NetworkSpec spec) => string.Join(", ", spec.Layers.Select(Activated));

        private static void WriteTraining(SourceWriter writer, NetworkSpec spec)
        {
            string targets = spec.UsesIntegerLabels ? "global::System.ReadOnlySpan<int> labels" : $"{ReadOnlySpan} targets";
            LayerSpec output = spec.OutputLayer;

            writer.Line("/// <inheritdoc/>");
            writer.Line($"protected override {Metrics} ForwardBackwardRows({ReadOnlySpan} p, {ReadOnlySpan} input, {targets}, int first, int rows, int batch, global::System.Span<double> sampleLosses, bool firstProductDone)").Open();
            writer.Line("// Rows [first, first + rows) of the batch: the arguments hold just those rows, and so do these views of the buffers.");
            WriteBatchViews(writer, spec, withGradients: true, first: "first", rows: "rows");
            writer.Line($"Forward(team: null, p, input, rows, {ActivationArguments(spec)}, firstProductDone);");
            writer.Line();
            writer.Line($"// loss: {LossDescription(spec.Loss)}. {LossGradientNote(spec)}");
            writer.Line($"{Metrics} metrics = {LossCall(spec, Gradient(output), "rows", ", wholeBatch: batch, sampleLosses")};");
            writer.Line();
            string gradients = string.Join(", ", spec.Layers.Select(Gradient));
            writer.Line($"BackpropagateRows(p, rows, {ActivationArguments(spec)}, {gradients});");
            writer.Line("return metrics;");
            writer.Close();
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"protected override {Metrics} ForwardLoss({ReadOnlySpan} p, {ReadOnlySpan} input, {targets}, int batch)").Open();
            WriteBatchViews(writer, spec, withGradients: false);
            writer.Line($"Forward(Team, p, input, batch, {ActivationArguments(spec)});");
            writer.Line($"return {LossCall(spec, "default", "batch", "")};");
            writer.Close();
            writer.Line();

            LayerSpec first = spec.Layers[0];
            writer.Line("/// <inheritdoc/>");
            writer.Line($"protected override void FirstLayerProduct(global::SourceGenNet.Kernels.ThreadTeam team, {ReadOnlySpan} p, {ReadOnlySpan} input, int batch) =>");
            writer.Line($"    {Dense}.ForwardByChunks(team, input, {Kernel("p", first)}, {Bias("p", first)},");
            writer.Line($"        new {Span}(_{Activated(first)}, 0, batch * {N(first.Units)}), batch, inner: {N(first.Inputs)}, cols: {N(first.Units)});");
            writer.Line();
        }

        /// <summary>The loss kernel's call on <paramref name="rows"/> samples, <paramref name="more"/> arguments after the sizes.</summary>
        private static string LossCall(NetworkSpec spec, string gradient, string rows, string more)
        {
            LayerSpec output = spec.OutputLayer;
            string units = N(output.Units);
            return spec.Loss switch
            {
                LossFunction.SparseCategoricalCrossentropy => $"{Losses}.SparseCategoricalCrossentropy({Activated(output)}, labels, {gradient}, {rows}, classes: {units}{more})",
                LossFunction.CategoricalCrossentropy => $"{Losses}.CategoricalCrossentropy({Activated(output)}, targets, {gradient}, {rows}, classes: {units}{more})",
                LossFunction.BinaryCrossentropy => $"{Losses}.BinaryCrossentropy({Activated(output)}, targets, {gradient}, {rows}, units: {units}{more})",
                _ => $"{Losses}.MeanSquaredError({Activated(output)}, targets, {gradient}, {rows}, units: {units}{more})",
            };
        }

        /// <summary>Whether the loss hands back dL/dz (fused with the output activation) or dL/da.</summary>
        private static bool LossIsFused(NetworkSpec spec) => spec.Loss != LossFunction.MeanSquaredError;

        private static string LossGradientNote(NetworkSpec spec)
        {
            string gradient = Gradient(spec.OutputLayer);
            return spec.Loss switch
            {
                LossFunction.SparseCategoricalCrossentropy => $"Fused with the softmax, it leaves dL/dz = (p - onehot(label)) / B in {gradient}.",
                LossFunction.CategoricalCrossentropy => $"Fused with the softmax, it leaves dL/dz = (p - t) / B in {gradient}.",
                LossFunction.BinaryCrossentropy => $"Fused with the sigmoid, it leaves dL/dz = (p - t) / (B units) in {gradient}.",
                _ => $"It leaves dL/da = 2 (a - t) / (B units) in {gradient}.",
            };
        }

        private static void WriteBackward(SourceWriter writer, NetworkSpec spec)
        {
            string activations = string.Join(", ", spec.Layers.Select(l => $"{ReadOnlySpan} {Activated(l)}"));
            string gradients = string.Join(", ", spec.Layers.Select(l => $"{Span} {Gradient(l)}"));
            writer.Line("/// <summary>");
            writer.Line("/// The backward pass, row by row: the forward's layers in reverse. Each turns the gradient with respect to its");
            writer.Line("/// output into the gradient with respect to its pre-activation, then passes the gradient back to its input.");
            writer.Line("/// Every span holds the same <paramref name=\"batch\"/> rows; the weights' gradients come after, from the whole batch.");
            writer.Line("/// </summary>");
            writer.Line($"private static void BackpropagateRows({ReadOnlySpan} p, int batch, {activations}, {gradients})").Open();
            for (int index = spec.Layers.Count - 1; index >= 0; index--)
            {
                LayerSpec layer = spec.Layers[index];
                bool fused = index == spec.Layers.Count - 1 && LossIsFused(spec);
                if (index < spec.Layers.Count - 1) writer.Line();
                writer.Line(Heading(layer));
                WriteActivationBackward(writer, layer, fused);
                if (index > 0)
                {
                    string previous = Gradient(spec.Layers[index - 1]);
                    writer.Line($"{Dense}.BackpropagateInput({Gradient(layer)}, {Kernel("p", layer)}, {previous},");
                    writer.Line($"    batch, inner: {N(layer.Inputs)}, cols: {N(layer.Units)}); // dL/da of {LayerLabel(spec.Layers[index - 1])}");
                }
                else
                {
                    writer.Line("// The input is data: no gradient flows back into it.");
                }
            }
            writer.Close();
            writer.Line();

            // The first layer's parameter gradients apart from the others': on several threads the others run on a worker
            // beside its rows of the first layer's kernel gradient (Network.ParameterGradients).
            LayerSpec first = spec.Layers[0];
            writer.Line("/// <inheritdoc/>");
            writer.Line($"protected override void FirstLayerParameterGradients({Team} team, {ReadOnlySpan} input, int batch, {Span} g)").Open();
            writer.Line($"{ReadOnlySpan} {Gradient(first)} = new(_{Gradient(first)}, 0, batch * {N(first.Units)});");
            WriteParameterGradients(writer, spec, first);
            writer.Close();
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"protected override void LaterLayersParameterGradients(int batch, {Span} g)").Open();
            if (spec.Layers.Count == 1)
                writer.Line("// The first layer is the only one.");
            for (int index = spec.Layers.Count - 1; index >= 1; index--)
            {
                LayerSpec layer = spec.Layers[index], below = spec.Layers[index - 1];
                if (index < spec.Layers.Count - 1) writer.Line();
                writer.Line($"{ReadOnlySpan} {Activated(below)} = new(_{Activated(below)}, 0, batch * {N(below.Units)});");
                writer.Line($"{ReadOnlySpan} {Gradient(layer)} = new(_{Gradient(layer)}, 0, batch * {N(layer.Units)});");
                WriteParameterGradients(writer, spec, layer);
            }
            writer.Close();
            writer.Line();
        }

        /// <summary>One layer's kernel and bias gradients from its input and dL/dz, under its heading (the first layer's with the team).</summary>
        private static void WriteParameterGradients(SourceWriter writer, NetworkSpec spec, LayerSpec layer)
        {
            writer.Line($"{Heading(layer)} dW = xᵀ · dL/dz, db = Σ dL/dz over the batch.");
            writer.Line($"{Dense}.ParameterGradients({TeamArgument(layer)}{InputOf(spec, layer)}, {Gradient(layer)},");
            writer.Line($"    {Kernel("g", layer)}, {Bias("g", layer)},");
            writer.Line($"    batch, inner: {N(layer.Inputs)}, cols: {N(layer.Units)});");
        }

        /// <summary>Turns dL/da into dL/dz in place, or says why nothing needs doing.</summary>
        private static void WriteActivationBackward(SourceWriter writer, LayerSpec layer, bool fusedWithLoss)
        {
            string a = Activated(layer), g = Gradient(layer);
            if (fusedWithLoss)
            {
                writer.Line($"// {g} (B, {N(layer.Units)}) already holds dL/dz: the loss fused the {ActivationName(layer.Activation)}'s derivative.");
                return;
            }
            switch (layer.Activation)
            {
                case Activation.Relu:
                    writer.Line($"{Activations}.ReluBackward({a}, {g}); // dL/dz = dL/da where a > 0, else 0");
                    break;
                case Activation.Sigmoid:
                    writer.Line($"{Activations}.SigmoidBackward({a}, {g}); // dL/dz = dL/da · a (1 - a)");
                    break;
                case Activation.Tanh:
                    writer.Line($"{Activations}.TanhBackward({a}, {g}); // dL/dz = dL/da · (1 - a²)");
                    break;
                case Activation.Softmax:
                    writer.Line($"{Activations}.SoftmaxBackwardRows({a}, {g}, batch, {N(layer.Units)}); // dL/dz = a ⊙ (dL/da - Σ a ⊙ dL/da)");
                    break;
                default:
                    writer.Line($"// linear: dL/dz = dL/da, already in {g}.");
                    break;
            }
        }

        private static void WritePrediction(SourceWriter writer, NetworkSpec spec)
        {
            List<LayerSpec> hidden = spec.Layers.Take(spec.Layers.Count - 1).ToList();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"protected override void ForwardBatch({ReadOnlySpan} p, {ReadOnlySpan} input, {Span} outputs, int batch, int firstRow) =>");
            string hiddenViews = string.Concat(hidden.Select(l => $"new {Span}(_{Activated(l)}, firstRow * {N(l.Units)}, batch * {N(l.Units)}), "));
            writer.Line($"    Forward(team: null, p, input, batch, {hiddenViews}outputs); // one thread: PredictBatch hands out rows (ThreadTeam.ForwardChunks)");
            writer.Line();

            int scratch = hidden.Sum(l => l.Units);
            bool onStack = scratch <= StackLimitFloats;
            if (!onStack)
            {
                writer.Line("// Too large for the stack: each thread keeps its own scratch buffer for single predictions.");
                writer.Line("[global::System.ThreadStatic] private static float[]? t_predictionScratch;");
                writer.Line();
            }
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public override void Predict({ReadOnlySpan} input, {Span} output)").Open();
            writer.Line("CheckSample(input, output);");
            if (onStack)
            {
                writer.Line("// One sample's activations live on the stack: nothing is allocated, nothing is shared between threads.");
                foreach (LayerSpec layer in hidden)
                    writer.Line($"{Span} {Activated(layer)} = stackalloc float[{N(layer.Units)}];");
            }
            else
            {
                writer.Line($"{Span} scratch = t_predictionScratch ??= new float[{N(scratch)}];");
                int offset = 0;
                foreach (LayerSpec layer in hidden)
                {
                    writer.Line($"{Span} {Activated(layer)} = scratch.Slice({N(offset)}, {N(layer.Units)});");
                    offset += layer.Units;
                }
            }
            string arguments = string.Concat(hidden.Select(l => Activated(l) + ", "));
            writer.Line($"Forward(null, Parameters, input, 1, {arguments}output);");
            writer.Close();

        }
    }
}
