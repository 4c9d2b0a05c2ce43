namespace SourceGenNet
{
    /// <summary>
    /// One Dense layer of a generated network, as it is at run time: its name (declared, or Keras'
    /// automatic one), its sizes and activation, and where its kernel W (Inputs x Units, row-major)
    /// and bias b (Units) sit in <see cref="Network{TTarget}.Parameters"/>.
    /// </summary>
    public sealed record DenseLayer(string Name, int Inputs, int Units, Activation Activation, int KernelOffset, int BiasOffset)
    {
        /// <summary>Weights in the kernel.</summary>
        public int KernelLength => Inputs * Units;

        /// <summary>Kernel plus bias.</summary>
        public int ParameterCount => KernelLength + Units;
    }
}
