using System;
using System.Diagnostics;
using System.IO;
using SourceGenNet.Serialization;
using SourceGenNet.Training;

namespace SourceGenNet.Runtime.Tests.Shipping;

/// <summary>
/// Random bytes and random damage to a valid file, seeded: Load either succeeds or throws
/// <see cref="ModelFormatException"/>, never anything else, never slowly, never allocating much.
/// </summary>
public class FuzzTests
{
    private const int Cases = 4000;

    [Fact]
    public void Random_and_mutated_files_only_ever_raise_ModelFormatException()
    {
        byte[] valid = FileSurgery.ValidFile();
        int headerEnd = 8 + (int)BitConverter.ToInt64(valid, 0);
        var random = new SeededRandom(20240601);
        TinyClassifier model = ShippingData.Model(seed: 11);
        var total = Stopwatch.StartNew();
        int rejected = 0;
        for (int i = 0; i < Cases; i++)
        {
            byte[] file = Mutate(valid, headerEnd, ref random, i);
            uint[] before = SaveLoadTests.Bits(model.Parameters);
            Stream stream = i % 3 == 0 ? new ForwardOnlyStream(file) : new MemoryStream(file);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                model.Load(stream, restoreOptimizer: false);
            }
            catch (ModelFormatException)
            {
                rejected++;
                Assert.Equal(before, SaveLoadTests.Bits(model.Parameters));
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: {e.GetType().Name}: {e.Message}");
            }
            Assert.True(clock.ElapsedMilliseconds < 2000, $"case {i} took {clock.ElapsedMilliseconds} ms");
            long used = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.True(used < 4 << 20, $"case {i} allocated {used} bytes");
        }
        Assert.True(rejected > Cases / 2, $"only {rejected} of {Cases} rejected: the mutations are too gentle");
        Assert.True(total.Elapsed.TotalSeconds < 60, $"{Cases} cases took {total.Elapsed}");
    }

    private static byte[] Mutate(byte[] valid, int headerEnd, ref SeededRandom random, int i)
    {
        switch (i % 7)
        {
            case 0: // pure noise, sometimes with a plausible length field
            {
                var noise = new byte[random.NextInt32(300)];
                for (int b = 0; b < noise.Length; b++) noise[b] = (byte)random.NextUInt64();
                if (noise.Length >= 8 && random.NextInt32(2) == 0)
                    BitConverter.TryWriteBytes(noise.AsSpan(0, 8), (long)random.NextInt32(noise.Length));
                return noise;
            }
            case 1: // bit flips anywhere
            {
                byte[] file = (byte[])valid.Clone();
                int flips = 1 + random.NextInt32(8);
                for (int f = 0; f < flips; f++) file[random.NextInt32(file.Length)] ^= (byte)(1 << random.NextInt32(8));
                return file;
            }
            case 2: // bit flips in the header only
            {
                byte[] file = (byte[])valid.Clone();
                file[random.NextInt32(headerEnd)] ^= (byte)(1 << random.NextInt32(8));
                return file;
            }
            case 3: // truncation
                return valid[..random.NextInt32(valid.Length)];
            case 4: // a header character replaced by JSON punctuation or a digit
            {
                byte[] file = (byte[])valid.Clone();
                const string Tokens = "{}[]\",:0123456789-. e";
                file[8 + random.NextInt32(headerEnd - 8)] = (byte)Tokens[random.NextInt32(Tokens.Length)];
                return file;
            }
            case 5: // a lying length field
            {
                byte[] file = (byte[])valid.Clone();
                long length = random.NextInt32(4) switch
                {
                    0 => (long)random.NextUInt64(),
                    1 => random.NextInt32(file.Length + 16),
                    2 => headerEnd - 8 + random.NextInt32(9) - 4,
                    _ => SafeTensors.MaxHeaderLength - random.NextInt32(2),
                };
                BitConverter.TryWriteBytes(file.AsSpan(0, 8), length);
                return file;
            }
            default: // bytes inserted or deleted in the middle
            {
                int at = random.NextInt32(valid.Length);
                int count = 1 + random.NextInt32(16);
                return random.NextInt32(2) == 0
                    ? [.. valid[..at], .. new byte[count], .. valid[at..]]
                    : [.. valid[..at], .. valid[Math.Min(valid.Length, at + count)..]];
            }
        }
    }
}
