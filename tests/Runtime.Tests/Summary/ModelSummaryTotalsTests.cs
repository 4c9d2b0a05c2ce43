using System;
using System.Globalization;
using System.Threading;

namespace SourceGenNet.Runtime.Tests.Summary;

/// <summary>Totals, culture independence and argument checks.</summary>
public class ModelSummaryTotalsTests
{
    [Fact]
    public void Non_trainable_parameters_are_subtracted_from_the_trainable_count()
    {
        string table = ModelSummary.Format("m", TutorialTables.TwoDense, nonTrainableParameters: 1010);
        Assert.Contains("\nTotal params: 79,510\nTrainable params: 78,500\nNon-trainable params: 1,010\n", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_totals_group_every_three_digits_and_row_counts_do_not()
    {
        string table = ModelSummary.Format("m", [new("big", "Dense", "(None, 4096)", 1_234_567_890)]);
        Assert.Contains("Total params: 1,234,567,890\n", table, StringComparison.Ordinal);
        Assert.Contains(" 1234567890\n", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("ar-SA")]
    [InlineData("U+2212")]
    public void Output_does_not_depend_on_the_current_culture(string cultureName)
    {
        string invariant = RunUnder(CultureInfo.InvariantCulture, Render);
        CultureInfo culture = cultureName == "U+2212" ? MinusSignCulture() : CultureInfo.GetCultureInfo(cultureName);

        string localized = RunUnder(culture, Render);

        Assert.Equal(invariant, localized);
        Assert.Contains("Total params: 1,079,510\n", localized, StringComparison.Ordinal);
        Assert.Contains("(None, 100)", localized, StringComparison.Ordinal);
        Assert.Contains("Model: \"sequential_12\"", localized, StringComparison.Ordinal);

        static string Render()
        {
            var scope = new KerasNameScope();
            for (int i = 0; i < 12; i++) scope.Next("sequential");
            return ModelSummary.Format(scope.Next("sequential"),
                [.. TutorialTables.TwoDense, new("extra", "Dense", ModelSummary.OutputShape(100), 1_000_000)], 1_000_000);
        }
    }

    [Fact]
    public void Rejects_bad_counts_and_nulls()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelSummary.Format("m", TutorialTables.TwoDense, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelSummary.Format("m", TutorialTables.TwoDense, 79_511));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelSummary.Format("m", [new("d", "Dense", "(None, 1)", -5)]));
        Assert.Throws<ArgumentNullException>(() => ModelSummary.Format(null!, TutorialTables.TwoDense));
        Assert.Throws<ArgumentNullException>(() => ModelSummary.Format("m", null!));
        Assert.Throws<ArgumentNullException>(() => ModelSummary.Format("m", [new(null!, "Dense", "(None, 1)", 2)]));
    }

    [Fact]
    public void OutputShape_prints_a_python_tuple_with_an_unknown_batch()
    {
        Assert.Equal("(None, 100)", ModelSummary.OutputShape(100));
        Assert.Equal("(None, 784)", RunUnder(MinusSignCulture(), () => ModelSummary.OutputShape(784)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelSummary.OutputShape(0));
    }

    /// <summary>A culture whose digits, minus and group separator differ from the invariant ones.</summary>
    static CultureInfo MinusSignCulture()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("sv-SE").Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NumberGroupSeparator = "\u202F";
        culture.NumberFormat.NumberDecimalSeparator = ",";
        return culture;
    }

    // CurrentCulture flows with the execution context, so setting it here does not leak into tests running in parallel.
    static T RunUnder<T>(CultureInfo culture, Func<T> action)
    {
        CultureInfo saved = CultureInfo.CurrentCulture, savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            Assert.Same(culture, Thread.CurrentThread.CurrentCulture);
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }
}
