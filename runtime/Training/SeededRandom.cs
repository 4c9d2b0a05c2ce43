using System;

namespace SourceGenNet.Training
{
    /// <summary>
    /// A small deterministic generator (xoshiro256**, seeded through SplitMix64). We own it rather
    /// than use <see cref="System.Random"/> so that a seed gives the same weights and the same
    /// shuffles on every .NET version and platform.
    /// </summary>
    public struct SeededRandom
    {
        private ulong _s0, _s1, _s2, _s3;

        public SeededRandom(long seed)
        {
            ulong x = unchecked((ulong)seed);
            _s0 = SplitMix64(ref x);
            _s1 = SplitMix64(ref x);
            _s2 = SplitMix64(ref x);
            _s3 = SplitMix64(ref x);
        }

        private static ulong SplitMix64(ref ulong x)
        {
            ulong z = unchecked(x += 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            ulong result = unchecked(RotateLeft(_s1 * 5, 7) * 9);
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }

        private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

        /// <summary>A uniform double in [0, 1), from the top 53 bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
        public int NextInt(int maxExclusive)
        {
            if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "must be positive");
            // Lemire's multiply-shift with rejection of the short first interval.
            ulong range = (ulong)maxExclusive;
            ulong product = (NextUInt64() >> 32) * range;
            ulong low = product & 0xFFFFFFFF;
            if (low < range)
            {
                ulong threshold = (0x1_0000_0000UL - range) % range;
                while (low < threshold)
                {
                    product = (NextUInt64() >> 32) * range;
                    low = product & 0xFFFFFFFF;
                }
            }
            return (int)(product >> 32);
        }

        /// <summary>Fisher-Yates shuffle in place.</summary>
        public void Shuffle(Span<int> values)
        {
            for (int i = values.Length - 1; i > 0; i--)
            {
                int j = NextInt(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }
        }
    }
}
