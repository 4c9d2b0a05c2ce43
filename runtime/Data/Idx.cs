using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace SourceGenNet.Data
{
    /// <summary>
    /// Reads and writes IDX files, the format of MNIST and Fashion-MNIST: a big-endian header
    /// (<c>00 00 type ndims</c>, then <c>ndims</c> 32-bit sizes) followed by the elements.
    /// Only unsigned bytes (type 0x08) are supported: images are <c>0x00000803</c> with sizes
    /// (count, rows, cols) and labels <c>0x00000801</c> with size (count).
    /// <para>
    /// A file may be gzip-compressed or raw; which one is decided by its first two bytes
    /// (<c>1f 8b</c>), not by its name. Everything is checked before it is trusted: the magic
    /// number, the sizes (positive, their product fits in an array and in what the file can
    /// hold), and the payload length (neither short nor followed by trailing bytes). Any problem,
    /// including corrupt gzip data, is reported as a <see cref="InvalidDataException"/> whose message
    /// names the file and the problem.
    /// </para>
    /// </summary>
    public static class Idx
    {
        /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions.</summary>
        public const int ImageMagic = 0x00000803;

        /// <summary>Magic number of a label file: unsigned bytes, 1 dimension.</summary>
        public const int LabelMagic = 0x00000801;

        private const byte UnsignedByteType = 0x08;

        // Deflate cannot expand data by more than about 1032:1, so a gzip file of L bytes cannot
        // hold more than ~1032 L bytes. A header claiming more is corrupt; rejecting it early avoids
        // allocating gigabytes for a small file.
        private const long MaxDeflateRatio = 1032;

        private static readonly string[] ImageDimensionNames = ["image count", "rows", "columns"];
        private static readonly string[] LabelDimensionNames = ["label count"];

        /// <summary>Reads an IDX image file (<c>0x00000803</c>), gzip-compressed or raw.</summary>
        /// <exception cref="InvalidDataException">The file is not a valid IDX image file.</exception>
        public static ImageSet ReadImages(string path)
        {
            byte[] pixels = Read(path, ImageDimensionNames, "pixel", out int[] sizes);
            return new ImageSet(pixels, sizes[0], sizes[1], sizes[2]);
        }

        /// <summary>Reads an IDX label file (<c>0x00000801</c>), gzip-compressed or raw.</summary>
        /// <exception cref="InvalidDataException">The file is not a valid IDX label file.</exception>
        public static byte[] ReadLabels(string path) => Read(path, LabelDimensionNames, "label", out _);

        /// <summary>Writes <paramref name="images"/> as an IDX image file, gzip-compressed if <paramref name="gzip"/>.</summary>
        public static void WriteImages(string path, ImageSet images, bool gzip)
        {
            ArgumentNullException.ThrowIfNull(images);
            Write(path, ImageMagic, [images.Count, images.Rows, images.Cols], images.Pixels, gzip);
        }

        /// <summary>Writes <paramref name="labels"/> as an IDX label file, gzip-compressed if <paramref name="gzip"/>.</summary>
        public static void WriteLabels(string path, ReadOnlySpan<byte> labels, bool gzip)
            => Write(path, LabelMagic, [labels.Length], labels, gzip);

        /// <summary>True if <paramref name="stream"/> starts with the gzip magic bytes <c>1f 8b</c>; the position is restored.</summary>
        internal static bool StartsWithGzipMagic(Stream stream)
        {
            long start = stream.Position;
            Span<byte> magic = stackalloc byte[2];
            int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            stream.Position = start;
            return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        }

        private static byte[] Read(string path, string[] dimensionNames, string elementName, out int[] sizes)
        {
            ArgumentNullException.ThrowIfNull(path);
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            long fileLength = file.Length;
            if (fileLength == 0) throw DataFileError.Create(path, "the file is empty");

            bool gzip = StartsWithGzipMagic(file);
            if (!gzip) return ReadBody(file, path, gzip, fileLength, dimensionNames, elementName, out sizes);

            using var inflated = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
            try
            {
                return ReadBody(inflated, path, gzip, fileLength, dimensionNames, elementName, out sizes);
            }
            catch (InvalidDataException e) when (!DataFileError.IsOurs(e))
            {
                // The decompressor's message names no file and is often misleading ("unsupported compression
                // method" for a bad CRC); ours names the file and keeps the original as the inner exception.
                throw DataFileError.Create(path, "the gzip data is corrupt or truncated (the decompressor rejected it)", e);
            }
        }

        /// <summary>Parses the header and reads the payload from the (decompressed) <paramref name="stream"/>.</summary>
        private static byte[] ReadBody(Stream stream, string path, bool gzip, long fileLength, string[] dimensionNames, string elementName, out int[] sizes)
        {
            int expectedDimensions = dimensionNames.Length;
            int expectedMagic = (UnsignedByteType << 8) | expectedDimensions;
            string kind = expectedDimensions == 3 ? "image" : "label";
            string source = gzip ? "the decompressed data" : "the file";

            // Magic number: 00 00 <type> <ndims>.
            Span<byte> header = stackalloc byte[4 + 4 * expectedDimensions];
            int got = stream.ReadAtLeast(header[..4], 4, throwOnEndOfStream: false);
            if (got < 4)
                throw DataFileError.Create(path, $"{source} ends after {got} bytes, inside the 4-byte IDX magic number (file truncated?)");
            int magic = BinaryPrimitives.ReadInt32BigEndian(header);
            if (header[0] != 0 || header[1] != 0)
                throw DataFileError.Create(path, $"magic number 0x{magic:X8} is not an IDX magic number; expected 0x{expectedMagic:X8} for an IDX {kind} file");
            if (header[2] != UnsignedByteType)
                throw DataFileError.Create(path, $"magic number 0x{magic:X8} declares IDX data type 0x{header[2]:X2}; only 0x08 (unsigned byte) is supported");
            if (header[3] != expectedDimensions)
            {
                string hint = header[3] switch
                {
                    1 => " (this is a label file)",
                    3 => " (this is an image file)",
                    _ => "",
                };
                throw DataFileError.Create(path, $"magic number 0x{magic:X8} declares {header[3]} dimensions{hint}; an IDX {kind} file has {expectedDimensions} (magic 0x{expectedMagic:X8})");
            }

            // Sizes: one big-endian 32-bit count per dimension.
            int headerLength = header.Length;
            got = stream.ReadAtLeast(header[4..], headerLength - 4, throwOnEndOfStream: false);
            if (got < headerLength - 4)
                throw DataFileError.Create(path, $"{source} ends after {4 + got} bytes, inside the {headerLength}-byte IDX header (file truncated?)");

            sizes = new int[expectedDimensions];
            long payloadLength = 1;
            for (int d = 0; d < expectedDimensions; d++)
            {
                uint size = BinaryPrimitives.ReadUInt32BigEndian(header[(4 + 4 * d)..]);
                if (size == 0)
                    throw DataFileError.Create(path, $"the header gives {dimensionNames[d]} = 0; every size must be positive");
                if (size > int.MaxValue)
                    throw DataFileError.Create(path, $"the header gives {dimensionNames[d]} = {size} (0x{size:X8}), a negative or corrupt size");
                sizes[d] = (int)size;
                payloadLength *= size; // both factors are below 2^31, so this cannot overflow a long
                if (payloadLength > Array.MaxLength)
                    throw DataFileError.Create(path, $"the header sizes {string.Join(" x ", sizes[..(d + 1)])} exceed the largest possible array ({Array.MaxLength} bytes); corrupt header?");
            }

            // Plausibility before allocating: a raw file must have exactly the payload after its header;
            // a gzip file cannot expand beyond deflate's maximum ratio.
            if (!gzip)
            {
                long present = fileLength - headerLength;
                if (present < payloadLength)
                    throw DataFileError.Create(path, $"expected {payloadLength} {elementName} bytes after the header, found {present} (file truncated?)");
                if (present > payloadLength)
                    throw DataFileError.Create(path, $"expected {payloadLength} {elementName} bytes after the header, found {present}: {present - payloadLength} trailing bytes");
            }
            else if (payloadLength > fileLength * MaxDeflateRatio)
            {
                throw DataFileError.Create(path, $"the header sizes {string.Join(" x ", sizes)} = {payloadLength} {elementName} bytes cannot fit in a {fileLength}-byte gzip file; corrupt header?");
            }

            var payload = new byte[payloadLength];
            int read = stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false);
            if (read < payload.Length)
                throw DataFileError.Create(path, $"expected {payloadLength} {elementName} bytes after the header, found {read} (file truncated?)");

            long trailing = CountRemainingBytes(stream);
            if (trailing > 0)
                throw DataFileError.Create(path, $"expected {payloadLength} {elementName} bytes after the header, found {payloadLength + trailing}: {trailing} trailing bytes");
            return payload;
        }

        private static long CountRemainingBytes(Stream stream)
        {
            Span<byte> scratch = stackalloc byte[512];
            long total = 0;
            int n;
            while ((n = stream.Read(scratch)) > 0) total += n;
            return total;
        }

        private static void Write(string path, int magic, int[] sizes, ReadOnlySpan<byte> payload, bool gzip)
        {
            ArgumentNullException.ThrowIfNull(path);
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            using Stream output = gzip ? new GZipStream(file, CompressionLevel.SmallestSize) : file;
            Span<byte> word = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, magic);
            output.Write(word);
            foreach (int size in sizes)
            {
                BinaryPrimitives.WriteInt32BigEndian(word, size);
                output.Write(word);
            }
            output.Write(payload);
        }
    }
}
