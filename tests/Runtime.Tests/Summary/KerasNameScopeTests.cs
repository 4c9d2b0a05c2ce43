using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;

namespace SourceGenNet.Runtime.Tests.Summary;

/// <summary>Every test uses its own scope: <see cref="KerasNameScope.Global"/> is shared with tests running in parallel.</summary>
public class KerasNameScopeTests
{
    [Fact]
    public void First_name_is_the_prefix_then_numbers_from_one()
    {
        var scope = new KerasNameScope();
        Assert.Equal(["dense", "dense_1", "dense_2", "dense_3"], Enumerable.Range(0, 4).Select(_ => scope.Next("dense")));
    }

    [Fact]
    public void Each_prefix_counts_on_its_own()
    {
        var scope = new KerasNameScope();
        Assert.Equal("dense", scope.Next("dense"));
        Assert.Equal("flatten", scope.Next("flatten"));
        Assert.Equal("dense_1", scope.Next("dense"));
        Assert.Equal("sequential", scope.Next("sequential"));
        Assert.Equal("flatten_1", scope.Next("flatten"));
        Assert.Equal("Dense", scope.Next("Dense")); // prefixes are compared ordinally
    }

    [Fact]
    public void Reset_starts_every_prefix_again()
    {
        var scope = new KerasNameScope();
        scope.Next("dense");
        scope.Next("dense");
        scope.Next("sequential");
        scope.Reset();
        Assert.Equal("dense", scope.Next("dense"));
        Assert.Equal("sequential", scope.Next("sequential"));
    }

    [Fact]
    public void Scopes_are_independent()
    {
        var a = new KerasNameScope();
        var b = new KerasNameScope();
        a.Next("dense");
        Assert.Equal("dense", b.Next("dense"));
        Assert.Equal("dense_1", a.Next("dense"));
    }

    [Fact]
    public void Concurrent_callers_get_distinct_names_without_gaps()
    {
        const int threads = 16, perThread = 2_000;
        var scope = new KerasNameScope();
        var names = new ConcurrentBag<string>();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (int i = 0; i < perThread; i++)
            {
                names.Add(scope.Next("dense"));
                names.Add(scope.Next("flatten"));
            }
        });

        string[] dense = names.Where(n => n.StartsWith("dense", StringComparison.Ordinal)).ToArray();
        Assert.Equal(threads * perThread, dense.Distinct().Count());
        Assert.Equal(threads * perThread, names.Count(n => n.StartsWith("flatten", StringComparison.Ordinal)));
        Assert.Contains("dense", dense);
        Assert.Contains($"dense_{threads * perThread - 1}", dense);
        Assert.Equal($"dense_{threads * perThread}", scope.Next("dense"));
    }

    [Fact]
    public void Rejects_empty_prefixes()
    {
        var scope = new KerasNameScope();
        Assert.Throws<ArgumentException>(() => scope.Next(""));
        Assert.Throws<ArgumentNullException>(() => scope.Next(null!));
    }

    [Fact]
    public void Global_is_one_instance() => Assert.Same(KerasNameScope.Global, KerasNameScope.Global);

    [Fact]
    public void Replaying_the_tutorial_gives_the_names_and_tables_it_prints()
    {
        var scope = new KerasNameScope();
        // Model 1: Sequential([Dense(100), Dense(10)]), nothing named.
        var model1 = (scope.Next("sequential"), Rows(scope.Next("dense"), scope.Next("dense"), flatten: null));
        // Model 2: everything named, so no counter moves.
        var model2 = (TutorialTables.KoreanModelName, Rows("hidden", "output", flatten: null));
        // Model 3: unnamed again: the counters continue where model 1 left them.
        var model3 = (scope.Next("sequential"), Rows(scope.Next("dense"), scope.Next("dense"), flatten: null));
        // Model 4: unnamed, with a Flatten in front.
        string model4Name = scope.Next("sequential");
        string flatten = scope.Next("flatten");
        var model4 = (model4Name, Rows(scope.Next("dense"), scope.Next("dense"), flatten));

        Assert.Equal(("sequential", "dense", "dense_1"), (model1.Item1, model1.Item2[0].Name, model1.Item2[1].Name));
        Assert.Equal(("sequential_1", "dense_2", "dense_3"), (model3.Item1, model3.Item2[0].Name, model3.Item2[1].Name));
        Assert.Equal(("sequential_2", "flatten", "dense_4", "dense_5"), (model4.Item1, model4.Item2[0].Name, model4.Item2[1].Name, model4.Item2[2].Name));

        var expected = TutorialTables.Expected();
        (string Name, SummaryRow[] Rows)[] models = [model1, model2, model3, model4];
        for (int i = 0; i < models.Length; i++)
            Assert.Equal(expected[i], ModelSummary.Format(models[i].Name, models[i].Rows));

        static SummaryRow[] Rows(string hidden, string output, string? flatten)
        {
            SummaryRow[] dense = [new(hidden, "Dense", ModelSummary.OutputShape(100), 784 * 100 + 100), new(output, "Dense", ModelSummary.OutputShape(10), 100 * 10 + 10)];
            return flatten is null ? dense : [new(flatten, "Flatten", ModelSummary.OutputShape(28 * 28), 0), .. dense];
        }
    }
}
