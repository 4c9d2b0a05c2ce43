using System;

namespace SourceGenNet.Training
{
    /// <summary>
    /// Keras' <c>TerminateOnNaN</c>: when a step's loss is NaN or infinite, training stops and Fit
    /// returns its History normally. Without this callback Fit stops the same way but throws
    /// <see cref="NonFiniteLossException"/>. Either way the failing step's update is not applied, and
    /// its unfinished epoch is not in the History.
    /// </summary>
    public sealed class TerminateOnNaN : Callback
    {
        /// <summary>The epoch (from 1) of the step whose loss was not finite; 0 when none was.</summary>
        public int TerminatedEpoch { get; private set; }

        /// <summary>That step, from 1 within its epoch.</summary>
        public int TerminatedStep { get; private set; }

        public override void OnTrainBegin(TrainingContext context) => (TerminatedEpoch, TerminatedStep) = (0, 0);

        public override bool OnNonFiniteLoss(TrainingContext context, int epoch, int step, double loss)
        {
            (TerminatedEpoch, TerminatedStep) = (epoch, step);
            context.StopTraining = true;
            return true;
        }
    }

    /// <summary>
    /// Fit stopped because a step's loss was NaN or infinite. The step was not applied: the model
    /// holds the weights after the step before it. <see cref="History"/> has every finished epoch.
    /// </summary>
    public sealed class NonFiniteLossException : ArithmeticException
    {
        public NonFiniteLossException(int epoch, int step, double loss, History history)
            : base($"the training loss became {loss} at epoch {epoch}, step {step}; training stopped without applying that step. " +
                   "Lower the learning rate, scale the inputs, or check them for NaN (Fit's validateInputs)")
        {
            Epoch = epoch;
            Step = step;
            Loss = loss;
            History = history;
        }

        public int Epoch { get; }

        public int Step { get; }

        public double Loss { get; }

        public History History { get; }
    }
}
