using System;
using SourceGenNet.Kernels;

namespace SourceGenNet.Runtime.Tests.Kernels;

/// <summary>RowGather copies rows by index, several rows a cache line at a time: every width and row count against a plain copy.</summary>
public class RowGatherTests
{
    [Fact]
    public void Gathers_the_indexed_rows_and_nothing_else()
    {
        var random = new Random(4);
        foreach (int width in new[] { 1, 7, 15, 16, 17, 31, 32, 33, 100, 784 })
            foreach (int count in new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9, 32 })
            {
                const int sourceRows = 40;
                var source = new float[sourceRows * width];
                for (int i = 0; i < source.Length; i++) source[i] = (float)random.NextDouble();
                var rows = new int[count];
                for (int r = 0; r < count; r++) rows[r] = random.Next(sourceRows); // repeats allowed, as in any index list
                var destination = new float[count * width + 5];
                destination.AsSpan().Fill(-1f);

                RowGather.Rows(source, rows, width, destination);

                for (int r = 0; r < count; r++)
                    for (int c = 0; c < width; c++)
                        Assert.True(source[rows[r] * width + c] == destination[r * width + c], $"width {width}, {count} rows: row {r} column {c}");
                for (int i = count * width; i < destination.Length; i++)
                    Assert.Equal(-1f, destination[i]); // nothing written past the gathered rows
            }
    }

    [Fact]
    public void A_row_outside_the_source_or_a_short_destination_throws()
    {
        var source = new float[10 * 20];
        Assert.Throws<ArgumentOutOfRangeException>(() => RowGather.Rows(source, new[] { 3, 10 }, 20, new float[40]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RowGather.Rows(source, new[] { -1 }, 20, new float[20]));
        // In the next group of four, which the first group's copy already prefetches from.
        Assert.Throws<ArgumentOutOfRangeException>(() => RowGather.Rows(source, new[] { 1, 2, 3, 4, 10 }, 20, new float[100]));
        Assert.Throws<ArgumentException>("destination", () => RowGather.Rows(source, new[] { 1, 2 }, 20, new float[39]));
    }
}
