using System;

namespace SourceGenNet.Data
{
    /// <summary>
    /// SplitMix64 (Steele, Lea and Flood, 2014; the finaliser constants are Vigna's): a tiny, fast
    /// generator whose output depends only on the seed, so a shuffle is the same on every platform and
    /// .NET version (unlike <see cref="Random"/>, whose seeded sequence is an implementation detail).
    /// Bounded integers use Lemire's multiply-and-reject method, which has no modulo bias.
    /// </summary>
    internal struct SplitMix64
    {
        private ulong _state;

        public SplitMix64(long seed) => _state = unchecked((ulong)seed);

        public ulong NextUInt64()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in <c>[0, exclusiveMax)</c>; <paramref name="exclusiveMax"/> must be positive.</summary>
        public int NextInt32(int exclusiveMax)
        {
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
