using System;

namespace SourceGenNet.Training.Tests.Summary;

/// <summary>
/// The tutorial builds four models in one session and prints each <c>summary()</c>; Keras' name
/// counters run across them. Each test gets a fresh <see cref="KerasNameScope"/> (the generated
/// constructor's <c>names</c> argument), so models other tests create in the global scope cannot
/// move the counters.
/// </summary>
public class SummaryTests
{
    [Fact]
    public void The_tutorial_session_prints_the_tutorials_four_tables()
    {
        var names = new KerasNameScope();

        // Built in the tutorial's order, each before the next is named.
        string first = new TutorialSigmoidModel(names: names).Summary();
        string named = new TutorialNamedModel(names: names).Summary();
        string second = new TutorialSigmoidModel(names: names).Summary();
        string flatten = new TutorialReluModel(names: names).Summary();

        Assert.Equal(TutorialSummaries.Text(TutorialSummaries.FirstSigmoid), first);
        Assert.Equal(TutorialSummaries.Text(TutorialSummaries.NamedKorean), named);
        Assert.Equal(TutorialSummaries.Text(TutorialSummaries.SecondSigmoid), second);
        Assert.Equal(TutorialSummaries.Text(TutorialSummaries.FlattenRelu), flatten);
    }

    [Fact]
    public void Models_are_named_like_Keras_names_them()
    {
        var names = new KerasNameScope();

        Assert.Equal("sequential", new TutorialSigmoidModel(names: names).Name);
        Assert.Equal("패션 MNIST 모델", new TutorialNamedModel(names: names).Name);
        Assert.Equal("sequential_1", new TutorialReluModel(names: names).Name);
        names.Reset();
        Assert.Equal("sequential", new TutorialReluModel(names: names).Name);
    }

    [Fact]
    public void The_expected_tables_are_well_formed()
    {
        // Guards the literal itself: the rules are 65 columns, and the text ends with one newline.
        string text = TutorialSummaries.Text(TutorialSummaries.FirstSigmoid);
        Assert.Contains("\n" + new string('_', 65) + "\n", text);
        Assert.EndsWith(new string('_', 65) + "\n", text);
        Assert.DoesNotContain("|", text);
        Assert.DoesNotContain("\r", text);
        Assert.Equal(13, text.Split('\n', StringSplitOptions.None).Length - 1);
    }
}
