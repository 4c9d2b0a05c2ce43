using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using SourceGenNet.Data;

namespace SourceGenNet.Runtime.Tests.Data
{
    public sealed class IdxTests : IDisposable
    {
        private readonly TempDirectory _temp = new();

        public void Dispose() => _temp.Dispose();

        // ---- round trips -------------------------------------------------------------------

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Images_round_trip(bool gzip)
        {
            var pixels = Enumerable.Range(0, 5 * 3 * 4).Select(i => (byte)(i * 37)).ToArray();
            var images = new ImageSet(pixels, 5, 3, 4);
            string path = _temp.Combine("images.idx");

            Idx.WriteImages(path, images, gzip);
            ImageSet read = Idx.ReadImages(path);

            Assert.Equal((5, 3, 4), (read.Count, read.Rows, read.Cols));
            Assert.Equal(pixels, read.Pixels);
            Assert.Equal(pixels.AsSpan(12, 12).ToArray(), read.Image(1).ToArray());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Labels_round_trip(bool gzip)
        {
            byte[] labels = [9, 0, 3, 3, 7];
            string path = _temp.Combine("labels.idx");

            Idx.WriteLabels(path, labels, gzip);

            Assert.Equal(labels, Idx.ReadLabels(path));
        }

        [Fact]
        public void Compression_is_detected_by_content_not_by_name()
        {
            byte[] labels = [1, 2, 3];
            string rawNamedGz = _temp.Combine("raw-labels.gz");
            string gzNamedRaw = _temp.Combine("gz-labels-idx1-ubyte");
            Idx.WriteLabels(rawNamedGz, labels, gzip: false);
            Idx.WriteLabels(gzNamedRaw, labels, gzip: true);

            Assert.Equal(labels, Idx.ReadLabels(rawNamedGz));
            Assert.Equal(labels, Idx.ReadLabels(gzNamedRaw));
            Assert.Equal([0x1f, 0x8b], File.ReadAllBytes(gzNamedRaw)[..2]);
        }

        [Fact]
        public void Header_is_big_endian_with_the_documented_magic()
        {
            string path = _temp.Combine("images.raw");
            Idx.WriteImages(path, new ImageSet(new byte[2 * 28 * 28], 2, 28, 28), gzip: false);
            byte[] bytes = File.ReadAllBytes(path);

            Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28 }, bytes[..16]);
            Assert.Equal(16 + 2 * 28 * 28, bytes.Length);
        }

        // ---- header errors -----------------------------------------------------------------

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Wrong_magic_is_reported(bool gzip)
        {
            string path = Write("bad-magic.idx", gzip, Header(0x12345678, 1, 1, 1), [0]);
            AssertInvalid(path, () => Idx.ReadImages(path), "0x12345678", "not an IDX magic number");
        }

        [Fact]
        public void Unsupported_data_type_is_reported()
        {
            string path = Write("floats.idx", false, Header(0x00000D03, 1, 1, 1), new byte[4]);
            AssertInvalid(path, () => Idx.ReadImages(path), "data type 0x0D", "unsigned byte");
        }

        [Fact]
        public void Label_file_read_as_images_is_reported()
        {
            string path = _temp.Combine("train-labels-idx1-ubyte.gz");
            Idx.WriteLabels(path, [1, 2, 3], gzip: true);
            AssertInvalid(path, () => Idx.ReadImages(path), "declares 1 dimensions", "label file", "0x00000803");
        }

        [Fact]
        public void Image_file_read_as_labels_is_reported()
        {
            string path = _temp.Combine("train-images-idx3-ubyte.gz");
            Idx.WriteImages(path, new ImageSet(new byte[4], 1, 2, 2), gzip: true);
            AssertInvalid(path, () => Idx.ReadLabels(path), "declares 3 dimensions", "image file", "0x00000801");
        }

        [Theory]
        [InlineData(0u, 28u, 28u, "image count = 0")]
        [InlineData(5u, 0u, 28u, "rows = 0")]
        [InlineData(5u, 28u, 0u, "columns = 0")]
        public void Zero_size_is_reported(uint count, uint rows, uint cols, string problem)
        {
            string path = Write("zero.idx", false, Header(Idx.ImageMagic, count, rows, cols), []);
            AssertInvalid(path, () => Idx.ReadImages(path), problem, "must be positive");
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Negative_looking_size_is_reported(bool gzip)
        {
            string path = Write("negative.idx", gzip, Header(Idx.ImageMagic, 0xFFFFFFF6, 28, 28), new byte[16]);
            AssertInvalid(path, () => Idx.ReadImages(path), "image count = 4294967286", "negative or corrupt size");
        }

        [Fact]
        public void Sizes_whose_product_overflows_an_array_are_reported()
        {
            string path = Write("huge.idx", false, Header(Idx.ImageMagic, 60000, 60000, 60000), new byte[16]);
            AssertInvalid(path, () => Idx.ReadImages(path), "60000 x 60000", "largest possible array");
        }

        [Fact]
        public void Sizes_a_small_gzip_file_cannot_hold_are_reported_before_allocating()
        {
            string path = Write("absurd.gz", true, Header(Idx.ImageMagic, 1000, 1000, 1000), new byte[16]);
            AssertInvalid(path, () => Idx.ReadImages(path), "1000000000 pixel bytes", "cannot fit in a", "gzip file");
        }

        [Fact]
        public void Sizes_a_small_raw_file_cannot_hold_are_reported_before_allocating()
        {
            string path = Write("absurd.idx", false, Header(Idx.ImageMagic, 1000, 1000, 1000), new byte[16]);
            AssertInvalid(path, () => Idx.ReadImages(path), "expected 1000000000 pixel bytes after the header, found 16", "truncated");
        }

        [Fact]
        public void Empty_file_is_reported()
        {
            string path = Write("empty.idx", false, [], []);
            AssertInvalid(path, () => Idx.ReadLabels(path), "the file is empty");
        }

        [Theory]
        [InlineData(false, 2, "inside the 4-byte IDX magic number")]
        [InlineData(false, 10, "inside the 16-byte IDX header")]
        [InlineData(true, 2, "inside the 4-byte IDX magic number")]
        [InlineData(true, 10, "inside the 16-byte IDX header")]
        public void Truncated_header_is_reported(bool gzip, int keep, string problem)
        {
            byte[] header = Header(Idx.ImageMagic, 1, 28, 28)[..keep];
            string path = Write("short-header.idx", gzip, header, []);
            AssertInvalid(path, () => Idx.ReadImages(path), problem, $"ends after {keep} bytes", "truncated");
        }

        // ---- payload errors ----------------------------------------------------------------

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Truncated_payload_is_reported(bool gzip)
        {
            string path = Write("train-images-idx3-ubyte.gz", gzip, Header(Idx.ImageMagic, 3, 28, 28), new byte[1200]);
            AssertInvalid(path, () => Idx.ReadImages(path), "expected 2352 pixel bytes after the header, found 1200 (file truncated?)");
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Trailing_bytes_are_reported(bool gzip)
        {
            string path = Write("t10k-labels-idx1-ubyte.gz", gzip, Header(Idx.LabelMagic, 4), new byte[7]);
            AssertInvalid(path, () => Idx.ReadLabels(path), "expected 4 label bytes after the header, found 7", "3 trailing bytes");
        }

        [Fact]
        public void Gzip_stream_cut_short_is_reported()
        {
            string path = _temp.Combine("cut.gz");
            var pixels = new byte[50 * 28 * 28];
            new Random(3).NextBytes(pixels);
            Idx.WriteImages(path, new ImageSet(pixels, 50, 28, 28), gzip: true);
            byte[] whole = File.ReadAllBytes(path);
            File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

            AssertInvalid(path, () => Idx.ReadImages(path), "truncated");
        }

        [Fact]
        public void Garbage_after_the_gzip_magic_is_reported()
        {
            string path = _temp.Combine("garbage.gz");
            var bytes = new byte[200];
            new Random(4).NextBytes(bytes);
            bytes[0] = 0x1f;
            bytes[1] = 0x8b;
            File.WriteAllBytes(path, bytes);

            InvalidDataException e = AssertInvalid(path, () => Idx.ReadImages(path), "gzip data is corrupt");
            Assert.NotNull(e.InnerException);
        }

        [Fact]
        public void Gzip_with_a_damaged_payload_is_reported()
        {
            // A flipped bit in the deflate data breaks either the deflate stream or the CRC-32 in the trailer.
            string path = _temp.Combine("flipped.gz");
            var pixels = new byte[20 * 28 * 28];
            new Random(5).NextBytes(pixels);
            Idx.WriteImages(path, new ImageSet(pixels, 20, 28, 28), gzip: true);
            byte[] bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x10;
            File.WriteAllBytes(path, bytes);

            AssertInvalid(path, () => Idx.ReadImages(path));
        }

        [Fact]
        public void Gzip_with_a_damaged_checksum_is_reported()
        {
            string path = _temp.Combine("crc.gz");
            Idx.WriteLabels(path, [1, 2, 3, 4, 5], gzip: true);
            byte[] bytes = File.ReadAllBytes(path);
            bytes[^8] ^= 0xFF; // the CRC-32 of the trailer
            File.WriteAllBytes(path, bytes);

            AssertInvalid(path, () => Idx.ReadLabels(path), "gzip data is corrupt");
        }

        // ---- helpers -----------------------------------------------------------------------

        internal static InvalidDataException AssertInvalid(string path, Action read, params string[] fragments)
        {
            InvalidDataException e = Assert.Throws<InvalidDataException>(read);
            Assert.StartsWith(path + ": ", e.Message);
            Assert.Contains(Path.GetFileName(path), e.Message);
            foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
            return e;
        }

        private static byte[] Header(int magic, params uint[] sizes)
        {
            var header = new byte[4 + 4 * sizes.Length];
            BinaryPrimitives.WriteInt32BigEndian(header, magic);
            for (int i = 0; i < sizes.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * i), sizes[i]);
            return header;
        }

        private string Write(string name, bool gzip, byte[] header, byte[] payload)
        {
            string path = _temp.Combine(name);
            using (var file = File.Create(path))
            using (Stream output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file)
            {
                output.Write(header);
                output.Write(payload);
            }
            return path;
        }
    }
}
