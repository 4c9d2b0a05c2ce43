using System;
using System.Collections.Generic;
using System.Globalization;

namespace SourceGenNet.Optimizers
{
    /// <summary>
    /// An optimizer updates one flat parameter buffer from the gradient buffer of the same layout.
    /// It knows nothing about layers. Its per-parameter state (momentum, moments, accumulators)
    /// lives in flat slot buffers of the parameter count, allocated once by <see cref="Build"/>.
    /// Like a Keras optimizer instance, an instance holds hyperparameters and, once built, the
    /// state of one model: train another model with a new instance.
    /// </summary>
    /// <remarks>
    /// Update rules, defaults and slot initial values follow Keras 3
    /// (<c>keras/src/optimizers/{sgd,rmsprop,adagrad,adam}.py</c>); each subclass states its rule.
    /// <see cref="Apply"/> allocates nothing.
    /// </remarks>
    public abstract class Optimizer
    {
        private static readonly string[] KnownNames = ["sgd", "rmsprop", "adagrad", "adam"];

        private float learningRate;
        private float[][] slots = [];
        private bool built;

        private protected Optimizer(float learningRate)
        {
            Require.FiniteAtLeastZero(learningRate, nameof(learningRate));
            this.learningRate = learningRate;
        }

        /// <summary>The step size. May be changed between steps (a schedule); must be finite and &gt;= 0.</summary>
        public float LearningRate
        {
            get => learningRate;
            set
            {
                Require.FiniteAtLeastZero(value, nameof(LearningRate));
                learningRate = value;
            }
        }

        /// <summary>How many steps have been applied (Keras' <c>optimizer.iterations</c>).</summary>
        public long Iterations { get; private set; }

        /// <summary>The Keras class name: <c>SGD</c>, <c>RMSprop</c>, <c>Adagrad</c> or <c>Adam</c>.</summary>
        public abstract string Name { get; }

        /// <summary>The length of the parameter buffer this optimizer is built for; 0 until built.</summary>
        public int ParameterCount { get; private set; }

        /// <summary>The names of the state buffers, in the order of <see cref="Slots"/> (Keras' variable names).</summary>
        public abstract IReadOnlyList<string> SlotNames { get; }

        /// <summary>The state buffers, one per <see cref="SlotNames"/> entry, each of <see cref="ParameterCount"/>; empty until built.</summary>
        public IReadOnlyList<float[]> Slots => slots;

        /// <summary>
        /// Allocates the state for <paramref name="parameterCount"/> parameters. Calling again with the
        /// same count does nothing; another count throws, since the state belongs to one model.
        /// </summary>
        public void Build(int parameterCount)
        {
            if (parameterCount <= 0)
                throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "The parameter count must be positive.");
            if (built)
            {
                if (parameterCount == ParameterCount) return;
                throw new InvalidOperationException(
                    $"This {Name} optimizer is already built for {ParameterCount} parameters and cannot be built for {parameterCount}: " +
                    "an optimizer holds the state of one model, so use a new instance for another model.");
            }

            var buffers = new float[SlotNames.Count][];
            for (int s = 0; s < buffers.Length; s++) buffers[s] = new float[parameterCount];
            slots = buffers;
            ParameterCount = parameterCount;
            built = true;
            ResetSlots();
        }

        /// <summary>
        /// Applies one step: updates <paramref name="parameters"/> in place from <paramref name="gradients"/>
        /// (same layout) and increments <see cref="Iterations"/>. Builds on first use if not built.
        /// The same as <see cref="BeginStep"/> followed by <see cref="ApplyRange"/> over the whole buffer.
        /// </summary>
        public void Apply(Span<float> parameters, ReadOnlySpan<float> gradients)
        {
            int count = built ? ParameterCount : parameters.Length;
            if (parameters.Length != count)
                throw new ArgumentException($"Expected {count} parameters, got {parameters.Length}.", nameof(parameters));
            if (gradients.Length != count)
                throw new ArgumentException($"Expected {count} gradients, got {gradients.Length}.", nameof(gradients));
            if (!built) Build(count);

            BeginStep();
            Update(parameters, gradients, 0);
        }

        /// <summary>
        /// Starts one step that <see cref="ApplyRange"/> then applies piece by piece (possibly on several
        /// threads at once): increments <see cref="Iterations"/> (Keras' update_step sees the incremented
        /// value as its step number) and computes the step's constants, such as Adam's bias-corrected step size.
        /// Call once per step, on one thread, before any <see cref="ApplyRange"/> of that step. Must be built.
        /// </summary>
        public void BeginStep()
        {
            if (!built)
                throw new InvalidOperationException($"This {Name} optimizer is not built: call Build(parameterCount) first.");
            Iterations++;
            PrepareStep(Iterations);
        }

        /// <summary>
        /// Updates <paramref name="parameters"/>[<paramref name="start"/> .. +<paramref name="length"/>) from the
        /// gradients at the same offsets and the state at the same offsets, with the step begun by
        /// <see cref="BeginStep"/>. Both buffers are whole (<see cref="ParameterCount"/> long). The rules are
        /// element-wise, so applying disjoint ranges that cover the buffer (in any order, on any threads at
        /// once) gives the very bits <see cref="Apply"/> gives. Allocates nothing.
        /// </summary>
        public void ApplyRange(Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length)
        {
            if (!built)
                throw new InvalidOperationException($"This {Name} optimizer is not built: call Build(parameterCount) first.");
            if (Iterations == 0)
                throw new InvalidOperationException("No step has begun: call BeginStep() before ApplyRange.");
            if (parameters.Length != ParameterCount)
                throw new ArgumentException($"Expected {ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
            if (gradients.Length != ParameterCount)
                throw new ArgumentException($"Expected {ParameterCount} gradients, got {gradients.Length}.", nameof(gradients));
            if ((uint)start > (uint)ParameterCount || (uint)length > (uint)(ParameterCount - start))
                throw new ArgumentOutOfRangeException(nameof(length), $"[{start}, {start} + {length}) is not inside the {ParameterCount} parameters.");
            Update(parameters.Slice(start, length), gradients.Slice(start, length), start);
        }

        /// <summary>Puts the state back to its initial values and <see cref="Iterations"/> to 0; stays built.</summary>
        public void Reset()
        {
            ResetSlots();
            Iterations = 0;
        }

        /// <summary>
        /// Restores a saved state (checkpoint resume): builds for <paramref name="parameterCount"/> if needed,
        /// then copies <paramref name="slots"/> (one per <see cref="SlotNames"/> entry, in that order) into
        /// the state buffers and sets <see cref="Iterations"/>. Everything is checked before anything changes.
        /// </summary>
        public void RestoreState(int parameterCount, long iterations, IReadOnlyList<float[]> slots)
        {
            ArgumentNullException.ThrowIfNull(slots);
            if (iterations < 0)
                throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Iterations must be >= 0.");
            if (slots.Count != SlotNames.Count)
                throw new ArgumentException($"{this} has {SlotNames.Count} state buffers ({string.Join(", ", SlotNames)}), got {slots.Count}.", nameof(slots));
            for (int s = 0; s < slots.Count; s++)
                if (slots[s] is null || slots[s].Length != parameterCount)
                    throw new ArgumentException($"State buffer {s} ({SlotNames[s]}) must have {parameterCount} values, got {slots[s]?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"}.", nameof(slots));

            Build(parameterCount);
            for (int s = 0; s < slots.Count; s++) slots[s].AsSpan().CopyTo(this.slots[s]);
            Iterations = iterations;
        }

        /// <summary>
        /// The optimizer Keras' <c>optimizers.get</c> would give for <paramref name="name"/> (case-insensitive),
        /// with Keras' defaults: <c>sgd</c>, <c>rmsprop</c>, <c>adagrad</c>, <c>adam</c>.
        /// </summary>
        public static Optimizer FromName(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            return name.ToLowerInvariant() switch
            {
                "sgd" => new Sgd(),
                "rmsprop" => new RmsProp(),
                "adagrad" => new Adagrad(),
                "adam" => new Adam(),
                _ => throw new ArgumentException($"Unknown optimizer '{name}'. Known names: {string.Join(", ", KnownNames)}.", nameof(name)),
            };
        }

        /// <summary>Like Keras' config: <c>Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)</c>, culture-invariant.</summary>
        public override string ToString() => $"{Name}(learning_rate={Format(LearningRate)}{HyperparametersText()})";

        /// <summary>
        /// Computes the constants of step <paramref name="step"/> (<see cref="Iterations"/>, already incremented:
        /// Keras' <c>local_step</c>) that every range of the step shares. Runs once per step, before any <see cref="Update"/>.
        /// </summary>
        private protected virtual void PrepareStep(long step)
        {
        }

        /// <summary>
        /// One range of the current step: <paramref name="parameters"/> and <paramref name="gradients"/> are the
        /// range, whose state sits at <paramref name="offset"/> in each slot (see <see cref="SlotRange"/>).
        /// Must not allocate, and must only read the fields <see cref="PrepareStep"/> set: ranges may run on
        /// several threads at once.
        /// </summary>
        private protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients, int offset);

        /// <summary>The value slot <paramref name="slot"/> starts at (Keras: zeros, Adagrad's accumulator excepted).</summary>
        private protected virtual float InitialSlotValue(int slot) => 0f;

        /// <summary>The hyperparameters after the learning rate, each as <c>", name=value"</c>.</summary>
        private protected abstract string HyperparametersText();

        /// <summary>State buffer <paramref name="slot"/> at [<paramref name="offset"/> .. +<paramref name="length"/>).</summary>
        private protected Span<float> SlotRange(int slot, int offset, int length) => slots[slot].AsSpan(offset, length);

        /// <summary>Shortest round-trip text, with Python's exponent style (1e-07, not .NET's 1E-07).</summary>
        private protected static string Format(float value)
        {
            string text = value.ToString(CultureInfo.InvariantCulture);
            int exponent = text.IndexOf('E');
            if (exponent < 0) return text;
            string mantissa = text.Substring(0, exponent);
            string power = text.Substring(exponent + 1);
            char sign = power[0] == '-' ? '-' : '+';
            string digits = power.TrimStart('+', '-').PadLeft(2, '0');
            return $"{mantissa}e{sign}{digits}";
        }

        private protected static string Format(bool value) => value ? "true" : "false";

        private void ResetSlots()
        {
            for (int s = 0; s < slots.Length; s++) slots[s].AsSpan().Fill(InitialSlotValue(s));
        }
    }
}
