using SourceGenNet.Optimizers;

namespace SourceGenNet.Runtime.Tests.Optimizers;

/// <summary>
/// Small steps worked out by hand, so the formulas themselves are pinned (where epsilon sits, what the
/// state starts at, the bias correction), not only agreement with a twin written from the same notes.
/// </summary>
public class HandComputedTests
{
    private const float Tolerance = 1e-6f;

    [Fact]
    public void Sgd_plain()
    {
        // w -= lr * g, lr = 0.1:  1 - 0.1 * 0.5 = 0.95;  -2 - 0.1 * (-1) = -1.9
        float[] w = [1f, -2f];
        new Sgd(0.1f).Apply(w, [0.5f, -1f]);
        Assert.Equal(0.95f, w[0], Tolerance);
        Assert.Equal(-1.9f, w[1], Tolerance);
    }

    [Fact]
    public void Sgd_momentum_two_steps()
    {
        // lr = 0.1, momentum = 0.9, w = 1, g = 0.5 both steps; m starts at 0.
        // step 1: m = 0.9 * 0 - 0.1 * 0.5 = -0.05;              w = 1 - 0.05 = 0.95
        // step 2: m = 0.9 * (-0.05) - 0.05 = -0.095;            w = 0.95 - 0.095 = 0.855
        var sgd = new Sgd(0.1f, 0.9f);
        float[] w = [1f];
        sgd.Apply(w, [0.5f]);
        Assert.Equal(0.95f, w[0], Tolerance);
        Assert.Equal(-0.05f, sgd.Slots[0][0], Tolerance);
        sgd.Apply(w, [0.5f]);
        Assert.Equal(0.855f, w[0], Tolerance);
        Assert.Equal(-0.095f, sgd.Slots[0][0], Tolerance);
    }

    [Fact]
    public void Sgd_nesterov_two_steps()
    {
        // Same numbers, Nesterov: w += momentum * m - lr * g after m is updated.
        // step 1: m = -0.05;   w = 1 + 0.9 * (-0.05) - 0.05 = 1 - 0.045 - 0.05 = 0.905
        // step 2: m = -0.095;  w = 0.905 + 0.9 * (-0.095) - 0.05 = 0.905 - 0.0855 - 0.05 = 0.7695
        var sgd = new Sgd(0.1f, 0.9f, nesterov: true);
        float[] w = [1f];
        sgd.Apply(w, [0.5f]);
        Assert.Equal(0.905f, w[0], Tolerance);
        sgd.Apply(w, [0.5f]);
        Assert.Equal(0.7695f, w[0], Tolerance);
    }

    [Fact]
    public void RmsProp_keras_docstring_example()
    {
        // Keras' RMSprop docstring: lr = 0.1, var = 10, loss = var² / 2 so g = 10, one step -> 9.683772.
        // v = 0.9 * 0 + 0.1 * 100 = 10;  w = 10 - 0.1 * 10 / sqrt(10 + 1e-7) = 10 - 1 / 3.16227767 = 9.68377223
        var rmsprop = new RmsProp(0.1f);
        float[] w = [10f];
        rmsprop.Apply(w, [10f]);
        Assert.Equal(9.683772f, w[0], 1e-5f);
        // 1 - 0.9f is 0.10000002 in float (Keras forms 1 - rho from a Python double), so v = 10.000002.
        Assert.Equal(10f, rmsprop.Slots[0][0], 1e-5f);
    }

    [Fact]
    public void RmsProp_epsilon_inside_the_root_and_velocity_from_zero()
    {
        // lr = 0.5, rho = 0.5, epsilon = 2 (large on purpose), w = 3, g = 2.
        // v = 0.5 * 0 + 0.5 * 4 = 2;  w = 3 - 0.5 * 2 / sqrt(2 + 2) = 3 - 1 / 2 = 2.5
        // (epsilon outside the root would give 3 - 1 / (1.414 + 2) = 2.707; v starting at 1 would give v = 2.5.)
        var rmsprop = new RmsProp(0.5f, 0.5f, 2f);
        float[] w = [3f];
        rmsprop.Apply(w, [2f]);
        Assert.Equal(2f, rmsprop.Slots[0][0], Tolerance);
        Assert.Equal(2.5f, w[0], Tolerance);
    }

    [Fact]
    public void Adagrad_two_steps()
    {
        // lr = 1, initial accumulator 0.5, epsilon = 1.25 (large on purpose), w = 1, g = 1.5 both steps.
        // step 1: acc = 0.5 + 2.25 = 2.75;  w = 1 - 1.5 / sqrt(2.75 + 1.25) = 1 - 1.5 / 2 = 0.25
        // step 2: acc = 2.75 + 2.25 = 5;    w = 0.25 - 1.5 / sqrt(5 + 1.25) = 0.25 - 1.5 / 2.5 = -0.35
        // (epsilon outside the root would give 1 - 1.5 / (1.658 + 1.25) = 0.484 after step 1.)
        var adagrad = new Adagrad(1f, 0.5f, 1.25f);
        float[] w = [1f];
        adagrad.Apply(w, [1.5f]);
        Assert.Equal(2.75f, adagrad.Slots[0][0], Tolerance);
        Assert.Equal(0.25f, w[0], Tolerance);
        adagrad.Apply(w, [1.5f]);
        Assert.Equal(5f, adagrad.Slots[0][0], Tolerance);
        Assert.Equal(-0.35f, w[0], Tolerance);
    }

    [Fact]
    public void Adagrad_accumulator_starts_at_initial_value()
    {
        var adagrad = new Adagrad();
        adagrad.Build(3);
        Assert.Equal([0.1f, 0.1f, 0.1f], adagrad.Slots[0]);
    }

    [Fact]
    public void Adam_two_steps_with_bias_correction()
    {
        // lr = 1, beta1 = 0.5, beta2 = 0.96, epsilon = 0.5 (large on purpose), w = 0, g = 2 both steps.
        // step 1 (t = 1): alpha = 1 * sqrt(1 - 0.96) / (1 - 0.5) = 0.2 / 0.5 = 0.4
        //   m = 0 + (2 - 0) * 0.5 = 1;  v = 0 + (4 - 0) * 0.04 = 0.16;  sqrt(v) = 0.4
        //   w = 0 - 0.4 * 1 / (0.4 + 0.5) = -4/9 = -0.444444
        // step 2 (t = 2): alpha = sqrt(1 - 0.9216) / (1 - 0.25) = 0.28 / 0.75 = 0.373333
        //   m = 1 + (2 - 1) * 0.5 = 1.5;  v = 0.16 + (4 - 0.16) * 0.04 = 0.3136;  sqrt(v) = 0.56
        //   w = -4/9 - 0.373333 * 1.5 / (0.56 + 0.5) = -0.444444 - 0.56 / 1.06 = -0.972746
        // (epsilon inside the root would give -0.4 / sqrt(0.66) = -0.492 after step 1;
        //  no bias correction would give -1 / 0.9 = -1.111.)
        var adam = new Adam(1f, 0.5f, 0.96f, 0.5f);
        float[] w = [0f];
        adam.Apply(w, [2f]);
        Assert.Equal(1f, adam.Slots[0][0], Tolerance);
        Assert.Equal(0.16f, adam.Slots[1][0], Tolerance);
        Assert.Equal(-4f / 9f, w[0], Tolerance);
        adam.Apply(w, [2f]);
        Assert.Equal(1.5f, adam.Slots[0][0], Tolerance);
        Assert.Equal(0.3136f, adam.Slots[1][0], Tolerance);
        Assert.Equal(-0.972746f, w[0], 2e-6f);
    }

    [Fact]
    public void Adam_defaults_first_step_is_about_the_learning_rate()
    {
        // Defaults, w = 1, g = 0.5: alpha = 0.001 * sqrt(0.001) / 0.1;  m = 0.05;  v = 0.00025
        // update = alpha * m / (sqrt(v) + 1e-7) = 0.001 * 0.0158114 / (0.0158114 + 1e-7) = 0.00099999368
        var adam = new Adam();
        float[] w = [1f, 1f];
        adam.Apply(w, [0.5f, -0.5f]);
        Assert.Equal(1 - 0.00099999368f, w[0], 1e-7f);
        Assert.Equal(1 + 0.00099999368f, w[1], 1e-7f);
    }
}
