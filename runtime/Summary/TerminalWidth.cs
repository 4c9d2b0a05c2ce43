using System;
using System.Globalization;
using System.Text;

namespace SourceGenNet;

/// <summary>
/// How many terminal cells a string occupies in a monospaced terminal, so that tables containing
/// Korean, Chinese or Japanese text line up. A small, dependency-free take on POSIX <c>wcwidth</c>:
/// <list type="bullet">
/// <item>0 cells: combining and enclosing marks (categories Mn, Me), format characters (Cf: zero-width
/// joiners, bidi marks, soft hyphen, BOM), control characters (Cc, which draw nothing), and the Hangul
/// medial vowels and final consonants U+1160–U+11FF and U+D7B0–U+D7FF, which merge into the
/// preceding initial consonant to form one syllable.</item>
/// <item>2 cells: East Asian Wide (W) and Fullwidth (F) code points per Unicode 15.0
/// <c>EastAsianWidth.txt</c> (see <see cref="WideRanges"/>): Hangul Jamo initial consonants,
/// CJK radicals, symbols and punctuation, Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo,
/// enclosed CJK, CJK Unified Ideographs (all extensions, planes 2 and 3), Yi, Hangul syllables,
/// CJK compatibility ideographs and forms, fullwidth ASCII and signs, Tangut, Khitan, Nushu,
/// Kana supplements, and the emoji that default to emoji presentation.</item>
/// <item>1 cell: everything else, including East Asian Ambiguous characters (the Western terminal
/// default).</item>
/// </list>
/// Grapheme clusters made of several wide code points (ZWJ emoji sequences) are counted per code
/// point, like <c>wcswidth</c>; terminals disagree on them anyway.
/// </summary>
public static class TerminalWidth
{
    /// <summary>The number of terminal cells <paramref name="text"/> occupies.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static int Cells(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int cells = 0;
        foreach (Rune rune in text.EnumerateRunes()) cells += Cells(rune);
        return cells;
    }

    /// <summary>The number of terminal cells one code point occupies: 0, 1 or 2.</summary>
    public static int Cells(Rune rune)
    {
        int value = rune.Value;
        // Printable ASCII is by far the common case.
        if (value >= 0x20 && value < 0x7F) return 1;
        if (IsZeroWidth(rune)) return 0;
        return IsWide(value) ? 2 : 1;
    }

    static bool IsZeroWidth(Rune rune)
    {
        // Conjoining Hangul Jamo vowels and finals are category Lo but draw inside the preceding syllable block.
        if (rune.Value is >= 0x1160 and <= 0x11FF or >= 0xD7B0 and <= 0xD7FF) return true;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format
            or UnicodeCategory.Control;
    }

    static bool IsWide(int value)
    {
        // Everything below the first wide code point is narrow; spares the search for Latin, Greek, Cyrillic...
        if (value < WideRanges[0].First) return false;
        int low = 0, high = WideRanges.Length - 1;
        while (low <= high)
        {
            int mid = (low + high) >>> 1;
            if (value > WideRanges[mid].Last) low = mid + 1;
            else if (value < WideRanges[mid].First) high = mid - 1;
            else return true;
        }
        return false;
    }

    /// <summary>
    /// The East Asian Wide and Fullwidth ranges of Unicode 15.0, sorted and disjoint (binary search relies on it).
    /// Unassigned code points inside CJK blocks are included, as Unicode reserves them as wide.
    /// </summary>
    static readonly (int First, int Last)[] WideRanges =
    [
        (0x1100, 0x115F),   // Hangul Jamo initial consonants (Choseong)
        (0x231A, 0x231B),   // watch, hourglass
        (0x2329, 0x232A),   // angle brackets
        (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3), // emoji-presentation media and clock symbols
        (0x25FD, 0x25FE),
        (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
        (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4),
        (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
        (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E),
        (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
        (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
        (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), // CJK Radicals Supplement
        (0x2F00, 0x2FD5),   // Kangxi Radicals
        (0x2FF0, 0x2FFB),   // Ideographic Description Characters
        (0x3000, 0x303E),   // CJK Symbols and Punctuation (ideographic space included)
        (0x3041, 0x3096),   // Hiragana
        (0x3099, 0x30FF),   // Katakana (U+3099/309A are combining, caught earlier as zero width)
        (0x3105, 0x312F),   // Bopomofo
        (0x3131, 0x318E),   // Hangul Compatibility Jamo
        (0x3190, 0x31E3),   // Kanbun, Bopomofo Extended, CJK Strokes
        (0x31F0, 0x321E),   // Katakana Phonetic Extensions, parenthesized Hangul
        (0x3220, 0x3247),   // parenthesized and circled ideographs
        (0x3250, 0x4DBF),   // enclosed CJK, CJK Compatibility, CJK Extension A
        (0x4E00, 0xA48C),   // CJK Unified Ideographs, Yi Syllables
        (0xA490, 0xA4C6),   // Yi Radicals
        (0xA960, 0xA97C),   // Hangul Jamo Extended-A (initial consonants)
        (0xAC00, 0xD7A3),   // Hangul Syllables
        (0xF900, 0xFAFF),   // CJK Compatibility Ideographs
        (0xFE10, 0xFE19),   // Vertical Forms
        (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B), // CJK Compatibility Forms, Small Form Variants
        (0xFF01, 0xFF60),   // Fullwidth ASCII variants and brackets
        (0xFFE0, 0xFFE6),   // Fullwidth signs
        (0x16FE0, 0x16FE4), (0x16FF0, 0x16FF1), // Ideographic Symbols and Punctuation
        (0x17000, 0x187F7), (0x18800, 0x18CD5), (0x18D00, 0x18D08), // Tangut, Khitan Small Script
        (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), // Kana Extended-B
        (0x1B000, 0x1B122), (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167), // Kana Supplement and Extended-A, Small Kana
        (0x1B170, 0x1B2FB), // Nushu
        (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), // mahjong, joker, squared letters
        (0x1F200, 0x1F202), (0x1F210, 0x1F23B), (0x1F240, 0x1F248), (0x1F250, 0x1F251), (0x1F260, 0x1F265), // Enclosed Ideographic Supplement
        // Emoji with default emoji presentation:
        (0x1F300, 0x1F320), (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA),
        (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440),
        (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A),
        (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC),
        (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6D7), (0x1F6DC, 0x1F6DF), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC),
        (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF),
        (0x1FA70, 0x1FA7C), (0x1FA80, 0x1FA88), (0x1FA90, 0x1FABD), (0x1FABF, 0x1FAC5), (0x1FACE, 0x1FADB),
        (0x1FAE0, 0x1FAE8), (0x1FAF0, 0x1FAF8),
        (0x20000, 0x2FFFD), // CJK Unified Ideographs Extensions B–F, Compatibility Supplement (plane 2)
        (0x30000, 0x3FFFD), // CJK Unified Ideographs Extensions G–H (plane 3)
    ];
}
