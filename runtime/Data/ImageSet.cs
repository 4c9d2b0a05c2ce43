using System;

namespace SourceGenNet.Data
{
    /// <summary>
    /// <see cref="Count"/> grayscale images of <see cref="Rows"/> x <see cref="Cols"/> unsigned bytes,
    /// stored back to back in one row-major array: image <c>i</c>, row <c>r</c>, column <c>c</c> is
    /// <c>Pixels[(i * Rows + r) * Cols + c]</c>. This is the layout of an IDX image file and of
    /// Keras' <c>x_train</c> array (shape <c>(Count, Rows, Cols)</c>), so image <c>i</c> is already
    /// "flattened": the <see cref="PixelsPerImage"/> bytes from <c>i * PixelsPerImage</c>.
    /// </summary>
    public sealed class ImageSet
    {
        /// <summary>Wraps <paramref name="pixels"/> (not copied), which must hold exactly <c>count * rows * cols</c> bytes.</summary>
        public ImageSet(byte[] pixels, int count, int rows, int cols)
        {
            ArgumentNullException.ThrowIfNull(pixels);
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
            if ((long)count * rows * cols != pixels.Length)
                throw new ArgumentException($"{count} images of {rows}x{cols} need {(long)count * rows * cols} bytes, the array has {pixels.Length}.", nameof(pixels));
            Pixels = pixels;
            Count = count;
            Rows = rows;
            Cols = cols;
        }

        /// <summary>All pixels, image after image, each image row-major.</summary>
        public byte[] Pixels { get; }

        /// <summary>How many images.</summary>
        public int Count { get; }

        /// <summary>Height of each image.</summary>
        public int Rows { get; }

        /// <summary>Width of each image.</summary>
        public int Cols { get; }

        /// <summary><c>Rows * Cols</c>: the length of one flattened image (784 for Fashion-MNIST).</summary>
        public int PixelsPerImage => Rows * Cols;

        /// <summary>The <see cref="PixelsPerImage"/> bytes of image <paramref name="index"/>.</summary>
        public ReadOnlySpan<byte> Image(int index)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
        }

        /// <summary>The first <paramref name="count"/> images, copied.</summary>
        public ImageSet Take(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
            return new ImageSet(Pixels.AsSpan(0, count * PixelsPerImage).ToArray(), count, Rows, Cols);
        }
    }
}
