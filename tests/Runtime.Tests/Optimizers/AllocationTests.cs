using System;
using SourceGenNet.Optimizers;

namespace SourceGenNet.Runtime.Tests.Optimizers;

public class AllocationTests
{
    /// <summary>Apply allocates nothing once warm: neither the vector loop nor the padded short path.</summary>
    [Theory]
    [MemberData(nameof(OptimizerCases.NameData), MemberType = typeof(OptimizerCases))]
    public void Apply_does_not_allocate(string name)
    {
        foreach (int length in (int[])[3, 1000])
        {
            var random = new Random(7);
            Optimizer optimizer = OptimizerCases.Create(name);
            float[] w = OptimizerCases.Random(random, length);
            float[] g = OptimizerCases.Random(random, length, scale: 1e-3f);
            for (int i = 0; i < 10; i++) optimizer.Apply(w, g);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++) optimizer.Apply(w, g);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated == 0, $"{optimizer} allocated {allocated} bytes over 100 steps of length {length}.");
        }
    }
}
