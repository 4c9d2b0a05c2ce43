using System;

namespace SourceGenNet.Training
{
    /// <summary>
    /// The project's one random generator: SplitMix64 (Steele, Lea and Flood, 2014, with Vigna's
    /// finaliser constants). We own it rather than use <see cref="Random"/>, whose seeded sequence
    /// is an implementation detail, so a seed gives the same weights, shuffles and splits on every
    /// platform and .NET version. Bounded integers use Lemire's multiply-and-reject method, which
    /// has no modulo bias.
    /// </summary>
    public struct SeededRandom
    {
        private ulong _state;

        public SeededRandom(long seed) => _state = unchecked((ulong)seed);

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            ulong z = unchecked(_state += 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }

        /// <summary>A uniform double in [0, 1), from the top 53 bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Uniform in <c>[0, exclusiveMax)</c>.</summary>
        public int NextInt32(int exclusiveMax)
        {
            if (exclusiveMax <= 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "must be positive");
            ulong range = (ulong)exclusiveMax;
            ulong high = Math.BigMul(NextUInt64(), range, out ulong low);
            if (low < range)
            {
                // Reject the few products that would make some results more likely than others.
                ulong threshold = (0UL - range) % range;
                while (low < threshold) high = Math.BigMul(NextUInt64(), range, out low);
            }
            return (int)high;
        }

        /// <summary>Fisher–Yates: every permutation of <paramref name="items"/> equally likely.</summary>
        public void Shuffle(Span<int> items)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = NextInt32(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
