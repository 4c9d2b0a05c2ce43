namespace SourceGenNet.Data
{
    /// <summary>
    /// The result of <see cref="Preprocessing.TrainTestSplit(ImageSet, System.ReadOnlySpan{byte}, double, int, bool)"/>:
    /// inputs scaled to [0, 1] and flattened (row <c>k</c> is <c>Inputs[k * FeatureCount ..]</c>), integer labels,
    /// and which original sample each row came from.
    /// </summary>
    public sealed class TrainValidationSplit
    {
        internal TrainValidationSplit(int featureCount, float[] trainInputs, int[] trainLabels, int[] trainIndices, float[] validationInputs, int[] validationLabels, int[] validationIndices)
        {
            FeatureCount = featureCount;
            TrainInputs = trainInputs;
            TrainLabels = trainLabels;
            TrainIndices = trainIndices;
            ValidationInputs = validationInputs;
            ValidationLabels = validationLabels;
            ValidationIndices = validationIndices;
        }

        /// <summary>Values per sample (784 for a 28 x 28 image).</summary>
        public int FeatureCount { get; }

        /// <summary>Training rows, <c>TrainCount x FeatureCount</c>, row-major.</summary>
        public float[] TrainInputs { get; }

        /// <summary>Training labels, one per row.</summary>
        public int[] TrainLabels { get; }

        /// <summary>For each training row, the index of the sample it was copied from.</summary>
        public int[] TrainIndices { get; }

        /// <summary>Validation rows, <c>ValidationCount x FeatureCount</c>, row-major.</summary>
        public float[] ValidationInputs { get; }

        /// <summary>Validation labels, one per row.</summary>
        public int[] ValidationLabels { get; }

        /// <summary>For each validation row, the index of the sample it was copied from.</summary>
        public int[] ValidationIndices { get; }

        /// <summary>Number of training rows.</summary>
        public int TrainCount => TrainLabels.Length;

        /// <summary>Number of validation rows.</summary>
        public int ValidationCount => ValidationLabels.Length;
    }
}
