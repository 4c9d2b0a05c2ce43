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
            // Tiered compilation may allocate on this thread while it promotes or on-stack-replaces
            // Apply during the first windows; an allocation per step would show in every window,
            // so one clean window of 100 steps (out of up to 20) proves Apply allocates nothing.
            long allocated = 0;
            for (int window = 0; window < 20; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++) optimizer.Apply(w, g);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated == 0) break;
            }

            Assert.True(allocated == 0, $"{optimizer} allocated {allocated} bytes in each of 20 windows of 100 steps of length {length}.");
        }
    }
}
