namespace SourceGenNet.Generator.Model
{
    /// <summary>
    /// Everything the emitter needs to write one network, as plain data: no Roslyn symbols, syntax
    /// or locations, so equal declarations give equal specs and the pipeline caches the output.
    /// Every derived number (sizes, offsets, counts) is computed once by <see cref="LayoutPlanner"/>.
    /// </summary>
    /// <param name="Namespace">The class's namespace, or null for the global namespace.</param>
    /// <param name="ContainingTypes">Outer types, outermost first, for a class nested in others.</param>
    /// <param name="TypeName">The class's name.</param>
    /// <param name="ModelName">The name from <c>[Model("...")]</c>, or null for Keras' automatic name.</param>
    /// <param name="InputShape">The dimensions of <c>[Input(...)]</c>.</param>
    /// <param name="InputSize">Their product: floats per sample.</param>
    /// <param name="Layers">The Dense layers in order, with their offsets.</param>
    /// <param name="Loss">The loss, explicit or inferred from the output layer.</param>
    /// <param name="LossIsExplicit">Whether <c>[Loss]</c> named it (only the header comment differs).</param>
    /// <param name="ParameterCount">Length of the flat parameter (and gradient) buffer.</param>
    internal sealed record NetworkSpec(
        string? Namespace,
        EquatableArray<ContainingType> ContainingTypes,
        string TypeName,
        string? ModelName,
        EquatableArray<int> InputShape,
        int InputSize,
        EquatableArray<LayerSpec> Layers,
        LossFunction Loss,
        bool LossIsExplicit,
        int ParameterCount)
    {
        public LayerSpec OutputLayer => Layers[Layers.Count - 1];

        /// <summary>Several input dimensions mean Keras' Flatten layer in front.</summary>
        public bool HasFlatten => InputShape.Count > 1;

        /// <summary>Sparse categorical cross-entropy trains on int labels; every other loss on float targets.</summary>
        public bool UsesIntegerLabels => Loss == LossFunction.SparseCategoricalCrossentropy;

        /// <summary>The fully qualified name, for messages and hint names.</summary>
        public string FullName
        {
            get
            {
                var name = new System.Text.StringBuilder();
                if (Namespace is not null) name.Append(Namespace).Append('.');
                foreach (ContainingType outer in ContainingTypes) name.Append(outer.Name).Append('.');
                return name.Append(TypeName).ToString();
            }
        }
    }

    /// <summary>An outer type a network class is nested in.</summary>
    /// <param name="Keyword">How it is declared: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c>, <c>interface</c>.</param>
    internal sealed record ContainingType(string Keyword, string Name);

    /// <summary>One Dense layer: <c>a = activation(x · W + b)</c> with W (Inputs, Units).</summary>
    /// <param name="Index">Position among the Dense layers, from 0.</param>
    /// <param name="Name">The declared name, or null for Keras' automatic <c>dense_N</c>.</param>
    /// <param name="Identifier">A C# identifier for the layer's members (<c>Hidden</c>, <c>Dense1</c>, ...).</param>
    /// <param name="KernelOffset">Where W starts in the parameter buffer; the bias follows it.</param>
    internal sealed record LayerSpec(
        int Index,
        string? Name,
        string Identifier,
        int Inputs,
        int Units,
        Activation Activation,
        int KernelOffset)
    {
        public int KernelLength => Inputs * Units;

        public int BiasOffset => KernelOffset + KernelLength;

        public int BiasLength => Units;

        public int ParameterCount => KernelLength + BiasLength;

        /// <summary>The identifier in camelCase, for locals and fields (<c>hidden</c>, <c>dense1</c>).</summary>
        public string CamelIdentifier => char.ToLowerInvariant(Identifier[0]) + Identifier.Substring(1);
    }
}
