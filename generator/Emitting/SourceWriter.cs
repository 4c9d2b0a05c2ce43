using System.Text;

namespace SourceGenNet.Generator.Emitting
{
    /// <summary>A StringBuilder that indents: just enough to write readable C#.</summary>
    internal sealed class SourceWriter
    {
        private const string IndentUnit = "    ";
        private readonly StringBuilder _text = new();
        private int _depth;

        /// <summary>Writes one line at the current indentation (an empty line stays empty).</summary>
        public SourceWriter Line(string line = "")
        {
            if (line.Length > 0)
                for (int i = 0; i < _depth; i++) _text.Append(IndentUnit);
            _text.Append(line).Append('\n');
            return this;
        }

        /// <summary>Writes <c>{</c> and indents what follows.</summary>
        public SourceWriter Open()
        {
            Line("{");
            _depth++;
            return this;
        }

        /// <summary>Outdents and writes <c>}</c> followed by <paramref name="suffix"/>.</summary>
        public SourceWriter Close(string suffix = "")
        {
            _depth--;
            return Line("}" + suffix);
        }

        public override string ToString() => _text.ToString();
    }
}
