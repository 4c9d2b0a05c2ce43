using System;
using System.Threading;
using System.Threading.Tasks;
using SourceGenNet.Optimizers;
using SourceGenNet.Training;

namespace SourceGenNet.Runtime.Tests.Shipping;

public class DeterminismAndConcurrencyTests
{
    [Fact]
    public void The_same_seeds_give_bit_identical_weights_run_after_run()
    {
        var (x, y) = ShippingData.Classes(200, seed: 8);
        uint[] Run()
        {
            TinyClassifier model = ShippingData.Model(seed: 42);
            model.Compile(new Adam(0.005f));
            model.Fit(x, y, epochs: 3, batchSize: 16, seed: 7);
            return SaveLoadTests.Bits(model.Parameters);
        }
        uint[] first = Run();
        for (int run = 0; run < 3; run++) Assert.Equal(first, Run());
    }

    [Fact]
    public void Eight_threads_predicting_concurrently_agree_with_serial_predictions()
    {
        const int Threads = 8, Calls = 10_000, Samples = 97;
        var (x, y) = ShippingData.Classes(Samples, seed: 3);
        TinyClassifier model = ShippingData.Model(seed: 5);
        model.Fit(x, y, epochs: 2, batchSize: 16);
        var serial = new float[Samples * 3];
        for (int s = 0; s < Samples; s++) model.Predict(x.AsSpan(s * 6, 6), serial.AsSpan(s * 3, 3));

        int mismatches = 0;
        using var start = new Barrier(Threads);
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            Span<float> output = stackalloc float[3];
            start.SignalAndWait();
            for (int call = 0; call < Calls; call++)
            {
                int s = (call * 31 + thread * 7) % Samples;
                model.Predict(x.AsSpan(s * 6, 6), output);
                if (!output.SequenceEqual(serial.AsSpan(s * 3, 3))) Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
    }
}
