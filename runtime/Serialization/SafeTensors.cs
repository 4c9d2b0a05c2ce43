using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SourceGenNet.Serialization
{
    /// <summary>One tensor to write: <paramref name="Shape"/>'s product of floats from <paramref name="Source"/> at <paramref name="Offset"/>.</summary>
    internal readonly record struct TensorSource(string Name, int[] Shape, float[] Source, int Offset)
    {
        public int Length => Shape.Length == 1 ? Shape[0] : Shape[0] * Shape[1];
    }

    /// <summary>One tensor as a file's header declares it; offsets are relative to the data region.</summary>
    internal sealed record TensorEntry(string Name, long[] Shape, long Begin, long End);

    /// <summary>A parsed and structurally checked header; the data region is not read yet.</summary>
    internal sealed record SafeTensorsHeader(
        Dictionary<string, TensorEntry> Tensors, Dictionary<string, string> Metadata, long DataStart, long DataLength);

    /// <summary>
    /// The safetensors container: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
    /// (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}</c>,
    /// padded with spaces), then the data region the offsets point into. Only F32 is written or read.
    /// Reading checks the structure only; what a model expects is checked by <see cref="ModelFile"/>.
    /// </summary>
    internal static class SafeTensors
    {
        /// <summary>A header longer than this is refused before anything is allocated for it.</summary>
        public const long MaxHeaderLength = 100L * 1024 * 1024;

        /// <summary>Root object, tensor entry, shape array: 3 levels. One spare.</summary>
        private const int MaxJsonDepth = 4;

        private const string MetadataKey = "__metadata__";

        public static void Write(Stream stream, IReadOnlyList<TensorSource> tensors, IReadOnlyDictionary<string, string> metadata)
        {
            var json = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(json))
            {
                writer.WriteStartObject();
                writer.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> pair in metadata) writer.WriteString(pair.Key, pair.Value);
                writer.WriteEndObject();
                long offset = 0;
                foreach (TensorSource tensor in tensors)
                {
                    writer.WriteStartObject(tensor.Name);
                    writer.WriteString("dtype", "F32");
                    writer.WriteStartArray("shape");
                    foreach (int dimension in tensor.Shape) writer.WriteNumberValue(dimension);
                    writer.WriteEndArray();
                    writer.WriteStartArray("data_offsets");
                    writer.WriteNumberValue(offset);
                    writer.WriteNumberValue(offset += 4L * tensor.Length);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }

            // Spaces pad the header so the data region starts 8-byte aligned, as the format recommends.
            int padded = (json.WrittenCount + 7) / 8 * 8;
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(json.WrittenSpan);
            for (int i = json.WrittenCount; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (TensorSource tensor in tensors)
                WriteLittleEndian(stream, tensor.Source.AsSpan(tensor.Offset, tensor.Length));
        }

        /// <summary>
        /// Reads the length and the header and checks the structure: bounds, JSON, every entry's
        /// dtype, shape and offsets, and that the tensors tile the data region exactly. On a seekable
        /// stream the data region is what follows the header; otherwise it is taken from the offsets
        /// and <see cref="ReadData"/> checks the stream ends there.
        /// </summary>
        public static SafeTensorsHeader ReadHeader(Stream stream)
        {
            long? remaining = stream.CanSeek ? stream.Length - stream.Position : null;
            Span<byte> lengthBytes = stackalloc byte[8];
            int got = ReadUpTo(stream, lengthBytes);
            if (got < 8)
                throw new ModelFormatException($"the file has {got} bytes, fewer than the 8-byte header length at byte 0");
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength < 2)
                throw new ModelFormatException($"the header length at byte 0 is {headerLength}; the smallest JSON header, {{}}, has 2 bytes");
            if (headerLength > MaxHeaderLength)
                throw new ModelFormatException($"the header length at byte 0 is {headerLength} bytes, above the limit of {MaxHeaderLength}");
            if (remaining is long available && (long)headerLength > available - 8)
                throw new ModelFormatException($"the header length at byte 0 is {headerLength} bytes, but only {available - 8} bytes follow it");

            byte[] json = ReadBounded(stream, (long)headerLength, "the header");
            // JsonDocument accepts invalid UTF-8 inside strings until a name is read; refuse it up front.
            if (!System.Text.Unicode.Utf8.IsValid(json))
                throw new ModelFormatException($"the header (bytes 8 to {8 + json.Length}) is not valid UTF-8");
            var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            bool sawMetadata = false;
            try
            {
                using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new ModelFormatException($"the header (bytes 8 to {8 + json.Length}) is JSON {document.RootElement.ValueKind}, not an object");
                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    if (tensors.ContainsKey(property.Name) || (property.Name == MetadataKey && sawMetadata))
                        throw new ModelFormatException($"the header names '{property.Name}' twice");
                    if (property.Name == MetadataKey)
                    {
                        ReadMetadata(property.Value, metadata);
                        sawMetadata = true;
                    }
                    else tensors.Add(property.Name, ReadEntry(property.Name, property.Value));
                }
            }
            catch (JsonException e)
            {
                throw new ModelFormatException($"the header (bytes 8 to {8 + json.Length}) is not valid JSON: {e.Message}", e);
            }

            long dataStart = 8 + json.Length;
            long dataLength = remaining is long total ? total - dataStart : MaxEnd(tensors);
            CheckTiling(tensors, dataStart, dataLength);
            return new SafeTensorsHeader(tensors, metadata, dataStart, dataLength);
        }

        /// <summary>Reads the data region the header declared and checks nothing follows it.</summary>
        public static byte[] ReadData(Stream stream, SafeTensorsHeader header)
        {
            byte[] data = ReadBounded(stream, header.DataLength, "the data region");
            Span<byte> probe = stackalloc byte[1];
            if (ReadUpTo(stream, probe) != 0)
                throw new ModelFormatException($"bytes after offset {header.DataStart + header.DataLength} belong to no tensor (trailing data)");
            return data;
        }

        /// <summary>Copies a tensor's little-endian floats out of the data region.</summary>
        public static void Decode(ReadOnlySpan<byte> data, TensorEntry entry, Span<float> destination)
        {
            ReadOnlySpan<byte> bytes = data.Slice((int)entry.Begin, (int)(entry.End - entry.Begin));
            if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
            else
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
        }

        private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata)
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException($"'{MetadataKey}' is JSON {element.ValueKind}, not an object of strings");
            foreach (JsonProperty pair in element.EnumerateObject())
            {
                if (pair.Value.ValueKind != JsonValueKind.String)
                    throw new ModelFormatException($"metadata '{pair.Name}' is JSON {pair.Value.ValueKind}, not a string");
                if (!metadata.TryAdd(pair.Name, pair.Value.GetString()!))
                    throw new ModelFormatException($"metadata '{pair.Name}' appears twice");
            }
        }

        private static TensorEntry ReadEntry(string name, JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException($"tensor '{name}': its entry is JSON {element.ValueKind}, not an object");
            string? dtype = null;
            long[]? shape = null, offsets = null;
            foreach (JsonProperty field in element.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "dtype" when dtype is null && field.Value.ValueKind == JsonValueKind.String:
                        dtype = field.Value.GetString();
                        break;
                    case "shape" when shape is null:
                        shape = ReadIntegers(name, field);
                        break;
                    case "data_offsets" when offsets is null:
                        offsets = ReadIntegers(name, field);
                        break;
                    default:
                        throw new ModelFormatException($"tensor '{name}': unexpected or repeated field '{field.Name}'");
                }
            }
            if (dtype is null || shape is null || offsets is null)
                throw new ModelFormatException($"tensor '{name}' needs dtype, shape and data_offsets");
            if (dtype != "F32")
                throw new ModelFormatException($"tensor '{name}' has dtype {dtype}; only F32 is supported");
            if (offsets.Length != 2 || offsets[0] > offsets[1])
                throw new ModelFormatException($"tensor '{name}': data_offsets [{string.Join(", ", offsets)}] is not [begin, end] with begin <= end");
            long bytes;
            try
            {
                long count = 1;
                foreach (long dimension in shape) count = checked(count * dimension);
                bytes = checked(count * 4);
            }
            catch (OverflowException)
            {
                throw new ModelFormatException($"tensor '{name}': shape [{string.Join(", ", shape)}] overflows");
            }
            if (offsets[1] - offsets[0] != bytes)
                throw new ModelFormatException(
                    $"tensor '{name}': data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]} bytes, but F32 [{string.Join(", ", shape)}] needs {bytes}");
            return new TensorEntry(name, shape, offsets[0], offsets[1]);
        }

        private static long[] ReadIntegers(string tensor, JsonProperty field)
        {
            if (field.Value.ValueKind != JsonValueKind.Array)
                throw new ModelFormatException($"tensor '{tensor}': {field.Name} is JSON {field.Value.ValueKind}, not an array");
            var values = new long[field.Value.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in field.Value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value) || value < 0)
                    throw new ModelFormatException($"tensor '{tensor}': {field.Name}[{i}] is {item.GetRawText()}, not an integer >= 0");
                values[i++] = value;
            }
            return values;
        }

        /// <summary>The tensors must cover the data region exactly: in range, no overlap, no gap, nothing after.</summary>
        private static void CheckTiling(Dictionary<string, TensorEntry> tensors, long dataStart, long dataLength)
        {
            // Out of range first: it names the culprit, where the gap it leaves would not.
            foreach (TensorEntry entry in tensors.Values)
                if (entry.End > dataLength)
                    throw new ModelFormatException(
                        $"tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] reach past the {dataLength}-byte data region (file offset {dataStart + entry.End} > {dataStart + dataLength})");
            var sorted = new List<TensorEntry>(tensors.Values);
            sorted.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            long covered = 0;
            TensorEntry? previous = null;
            foreach (TensorEntry entry in sorted)
            {
                if (entry.Begin < covered)
                    throw new ModelFormatException(
                        $"tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End}]");
                if (entry.Begin > covered)
                    throw new ModelFormatException(
                        $"bytes [{covered}, {entry.Begin}) of the data region (file offset {dataStart + covered}) before tensor '{entry.Name}' belong to no tensor");
                covered = entry.End;
                previous = entry;
            }
            if (covered != dataLength)
                throw new ModelFormatException(
                    $"bytes [{covered}, {dataLength}) of the data region (file offset {dataStart + covered}) after the last tensor belong to no tensor (trailing data)");
        }

        private static long MaxEnd(Dictionary<string, TensorEntry> tensors)
        {
            long end = 0;
            foreach (TensorEntry entry in tensors.Values) end = Math.Max(end, entry.End);
            return end;
        }

        /// <summary>
        /// Reads exactly <paramref name="count"/> bytes in chunks, so a length field that lies costs
        /// no more memory than the bytes actually there.
        /// </summary>
        private static byte[] ReadBounded(Stream stream, long count, string what)
        {
            const int Chunk = 1 << 20;
            if (count <= Chunk)
            {
                var small = new byte[count];
                int got = ReadUpTo(stream, small);
                if (got < count) throw Truncated(what, count, got);
                return small;
            }
            if (count > Array.MaxLength)
                throw new ModelFormatException($"{what} of {count} bytes is larger than this reader supports");
            using var buffer = new MemoryStream();
            var chunk = new byte[Chunk];
            while (buffer.Length < count)
            {
                int want = (int)Math.Min(Chunk, count - buffer.Length);
                int got = ReadUpTo(stream, chunk.AsSpan(0, want));
                buffer.Write(chunk, 0, got);
                if (got < want) throw Truncated(what, count, buffer.Length);
            }
            return buffer.ToArray();
        }

        private static ModelFormatException Truncated(string what, long expected, long got) =>
            new($"the file is truncated: {what} should have {expected} bytes, the file ends after {got}");

        private static int ReadUpTo(Stream stream, Span<byte> buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int read = stream.Read(buffer[total..]);
                if (read == 0) break;
                total += read;
            }
            return total;
        }

        private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
        {
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(values));
                return;
            }
            Span<byte> bytes = stackalloc byte[4];
            foreach (float value in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
                stream.Write(bytes);
            }
        }
    }
}
