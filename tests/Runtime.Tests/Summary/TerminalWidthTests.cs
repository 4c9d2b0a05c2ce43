using System;
using System.Text;

namespace SourceGenNet.Runtime.Tests.Summary;

public class TerminalWidthTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("dense (Dense)", 13)]
    [InlineData("은닉층", 6)]                 // Hangul syllables: wide
    [InlineData("패션 MNIST 모델", 15)]       // 4 syllables (8), 2 spaces, 5 Latin letters
    [InlineData("隐藏层", 6)]                 // CJK Unified Ideographs
    [InlineData("かくれ カクレ", 13)]          // Hiragana, Katakana, ASCII space
    [InlineData("ＡＢＣ", 6)]                 // Fullwidth Latin
    [InlineData("ｶﾀｶﾅ", 4)]                  // Halfwidth Katakana stays narrow
    [InlineData("\u3000", 2)]                // ideographic space
    [InlineData("e\u0301", 1)]               // e + combining acute
    [InlineData("\u20DD", 0)]                // combining enclosing circle
    [InlineData("a\u200Db", 2)]              // zero-width joiner
    [InlineData("\u00AD", 0)]                // soft hyphen (format)
    [InlineData("\uFEFFx", 1)]               // BOM
    [InlineData("\u1100\u1161\u11A8", 2)]    // conjoining Jamo ᄀ+ᅡ+ᆨ draw as one syllable
    [InlineData("\u3131", 2)]                // Hangul compatibility Jamo ㄱ
    [InlineData("\U0001F389", 2)]            // party popper emoji (surrogate pair)
    [InlineData("\U00020000", 2)]            // CJK Extension B (plane 2)
    [InlineData("αβγ Привет", 10)]           // Greek, Cyrillic: narrow
    [InlineData("\u0001", 0)]                // control characters draw nothing
    [InlineData("\u3099", 0)]                // combining voiced mark inside the Katakana range
    public void Counts_cells(string text, int cells) => Assert.Equal(cells, TerminalWidth.Cells(text));

    [Fact]
    public void Lone_surrogate_counts_as_one_replacement_character() =>
        Assert.Equal(1, TerminalWidth.Cells("\uD800"));

    [Fact]
    public void Rune_overload_agrees_with_the_string_overload()
    {
        foreach (string s in new[] { "a", "층", "\u0301", "\U0001F389", "\uFF21" })
            Assert.Equal(TerminalWidth.Cells(s), TerminalWidth.Cells(Rune.GetRuneAt(s, 0)));
    }

    [Fact]
    public void Edges_of_the_hangul_syllables_block()
    {
        Assert.Equal(2, TerminalWidth.Cells("\uAC00"));
        Assert.Equal(2, TerminalWidth.Cells("\uD7A3"));
        Assert.Equal(1, TerminalWidth.Cells("\uD7A4"));
    }

    [Fact]
    public void Null_is_rejected() => Assert.Throws<ArgumentNullException>(() => TerminalWidth.Cells(null!));
}
