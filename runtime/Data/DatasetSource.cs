namespace SourceGenNet.Data
{
    /// <summary>Where a dataset's files were found, in the order the loader looks.</summary>
    public enum DatasetSource
    {
        /// <summary>The directory named in the options (<see cref="FashionMnistOptions.DataDirectory"/>).</summary>
        DataDirectory = 0,
        /// <summary>The directory named by the environment variable <c>SOURCEGENNET_DATA</c>.</summary>
        EnvironmentDirectory = 1,
        /// <summary>Our cache directory, filled by an earlier download.</summary>
        Cache = 2,
        /// <summary>Keras' cache, <c>~/.keras/datasets/fashion-mnist</c>, filled by <c>keras.datasets.fashion_mnist.load_data()</c>.</summary>
        KerasCache = 3,
        /// <summary>Downloaded now (all or some of the files) into our cache directory.</summary>
        Download = 4,
    }
}
