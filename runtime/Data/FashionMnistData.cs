namespace SourceGenNet.Data
{
    /// <summary>
    /// What <c>keras.datasets.fashion_mnist.load_data()</c> returns, in the official order:
    /// training images and labels, test images and labels; plus where they came from.
    /// Deconstructs like the Keras tuple: <c>var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.Load();</c>
    /// </summary>
    public sealed class FashionMnistData
    {
        internal FashionMnistData(ImageSet trainImages, byte[] trainLabels, ImageSet testImages, byte[] testLabels, DatasetSource source, string location)
        {
            TrainImages = trainImages;
            TrainLabels = trainLabels;
            TestImages = testImages;
            TestLabels = testLabels;
            Source = source;
            Location = location;
        }

        /// <summary>60,000 images of 28 x 28 (Keras' <c>x_train</c>).</summary>
        public ImageSet TrainImages { get; }

        /// <summary>60,000 labels in 0..9 (Keras' <c>y_train</c>); names in <see cref="FashionMnist.ClassNames"/>.</summary>
        public byte[] TrainLabels { get; }

        /// <summary>10,000 images of 28 x 28 (Keras' <c>x_test</c>).</summary>
        public ImageSet TestImages { get; }

        /// <summary>10,000 labels in 0..9 (Keras' <c>y_test</c>).</summary>
        public byte[] TestLabels { get; }

        /// <summary>Which source supplied the files.</summary>
        public DatasetSource Source { get; }

        /// <summary>The directory the files were read from.</summary>
        public string Location { get; }

        /// <summary>Splits into Keras' <c>(x_train, y_train), (x_test, y_test)</c>.</summary>
        public void Deconstruct(out (ImageSet Images, byte[] Labels) train, out (ImageSet Images, byte[] Labels) test)
        {
            train = (TrainImages, TrainLabels);
            test = (TestImages, TestLabels);
        }
    }
}
