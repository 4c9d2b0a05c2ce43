using System;

namespace SourceGenNet.Optimizers
{
    /// <summary>Hyperparameter checks shared by the optimizers; each names the argument and its value.</summary>
    internal static class Require
    {
        public static void FiniteAtLeastZero(float value, string name)
        {
            if (!float.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0.");
        }

        public static void FinitePositive(float value, string name)
        {
            if (!float.IsFinite(value) || value <= 0)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number > 0.");
        }

        /// <summary>0 &lt;= value &lt;= 1 (NaN fails).</summary>
        public static void InClosedUnitInterval(float value, string name)
        {
            if (!(value >= 0 && value <= 1))
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1].");
        }

        /// <summary>0 &lt;= value &lt; 1 (NaN fails).</summary>
        public static void InHalfOpenUnitInterval(float value, string name)
        {
            if (!(value >= 0 && value < 1))
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
        }
    }
}
