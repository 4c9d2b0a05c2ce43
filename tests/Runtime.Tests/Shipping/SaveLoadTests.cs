using System;
using System.IO;
using System.Text;
using System.Text.Json;
using SourceGenNet.Optimizers;
using SourceGenNet.Training;

namespace SourceGenNet.Runtime.Tests.Shipping;

public class SaveLoadTests
{
    [Fact]
    public void Weights_round_trip_bit_for_bit()
    {
        var (x, y) = ShippingData.Classes(64, seed: 3);
        TinyClassifier trained = ShippingData.Model(seed: 1);
        trained.Fit(x, y, epochs: 2, batchSize: 8);
        string dir = ShippingData.TempDirectory();
        string path = Path.Combine(dir, "tiny.safetensors");
        trained.Save(path);

        TinyClassifier fresh = ShippingData.Model(seed: 99);
        fresh.Load(path);
        Assert.Equal(Bits(trained.Parameters), Bits(fresh.Parameters));
        Assert.Equal(trained.PredictBatch(x), fresh.PredictBatch(x));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    public static TheoryData<string> Optimizers => new() { "sgd-momentum", "sgd-nesterov", "rmsprop", "adagrad", "adam" };

    private static Optimizer Make(string name) => name switch
    {
        "sgd-momentum" => new Sgd(0.05f, momentum: 0.9f),
        "sgd-nesterov" => new Sgd(0.05f, momentum: 0.8f, nesterov: true),
        "rmsprop" => new RmsProp(0.01f, rho: 0.8f),
        "adagrad" => new Adagrad(0.1f, initialAccumulatorValue: 0.2f),
        _ => new Adam(0.01f, beta1: 0.85f),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Training_resumed_from_a_file_matches_uninterrupted_training_bit_for_bit(string optimizer)
    {
        var (x, y) = ShippingData.Classes(96, seed: 5);

        TinyClassifier straight = ShippingData.Model(seed: 2);
        straight.Compile(Make(optimizer));
        straight.Fit(x, y, epochs: 2, batchSize: 16, shuffle: false);
        straight.Fit(x, y, epochs: 2, batchSize: 16, shuffle: false);

        TinyClassifier first = ShippingData.Model(seed: 2);
        first.Compile(Make(optimizer));
        first.Fit(x, y, epochs: 2, batchSize: 16, shuffle: false);
        byte[] file = ShippingData.Bytes(s => first.Save(s, includeOptimizer: true));

        TinyClassifier resumed = ShippingData.Model(seed: 77);   // other weights, default optimizer
        resumed.Load(new MemoryStream(file));
        Assert.Equal(first.Optimizer.ToString(), resumed.Optimizer.ToString());
        Assert.Equal(first.Optimizer.Iterations, resumed.Optimizer.Iterations);
        resumed.Fit(x, y, epochs: 2, batchSize: 16, shuffle: false);

        Assert.Equal(Bits(straight.Parameters), Bits(resumed.Parameters));
    }

    [Fact]
    public void Weights_only_file_leaves_the_optimizer_alone_and_restoreOptimizer_false_ignores_a_saved_one()
    {
        TinyClassifier source = ShippingData.Model();
        source.Compile(new Adam());
        byte[] weightsOnly = ShippingData.Bytes(s => source.Save(s));
        byte[] withOptimizer = ShippingData.Bytes(s => source.Save(s, includeOptimizer: true));

        TinyClassifier target = ShippingData.Model(seed: 4);
        var sgd = new Sgd();
        target.Compile(sgd);
        target.Load(new MemoryStream(weightsOnly));
        Assert.Same(sgd, target.Optimizer);
        target.Load(new MemoryStream(withOptimizer), restoreOptimizer: false);
        Assert.Same(sgd, target.Optimizer);
        target.Load(new MemoryStream(withOptimizer));
        Assert.IsType<Adam>(target.Optimizer);
    }

    [Fact]
    public void The_file_is_safetensors_with_keras_names_shapes_and_topology_metadata()
    {
        TinyClassifier model = ShippingData.Model();
        model.Compile(new Adam());
        byte[] file = ShippingData.Bytes(s => model.Save(s, includeOptimizer: true));

        long headerLength = BitConverter.ToInt64(file, 0);
        Assert.Equal(0, (8 + headerLength) % 8);   // data 8-byte aligned
        using JsonDocument header = JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, (int)headerLength));
        JsonElement root = header.RootElement;
        Assert.Equal("[6,5]", root.GetProperty("hidden/kernel").GetProperty("shape").GetRawText());
        Assert.Equal("[5]", root.GetProperty("hidden/bias").GetProperty("shape").GetRawText());
        Assert.Equal("F32", root.GetProperty("output/kernel").GetProperty("dtype").GetString());
        Assert.Equal("[5,3]", root.GetProperty("optimizer/velocity/output/kernel").GetProperty("shape").GetRawText());
        Assert.True(root.TryGetProperty("optimizer/momentum/hidden/bias", out _));
        JsonElement metadata = root.GetProperty("__metadata__");
        Assert.Equal("SourceGenNet", metadata.GetProperty("format").GetString());
        Assert.Equal("1", metadata.GetProperty("format_version").GetString());
        Assert.Equal("tiny", metadata.GetProperty("model_name").GetString());
        Assert.Equal("6", metadata.GetProperty("input_size").GetString());
        Assert.Equal("[2, 3]", metadata.GetProperty("input_shape").GetString());
        Assert.Equal("sparse_categorical_crossentropy", metadata.GetProperty("loss").GetString());
        Assert.Equal("Adam", metadata.GetProperty("optimizer").GetString());

        // The kernel's first float is P[0], little-endian, at the start of the data region.
        long begin = root.GetProperty("hidden/kernel").GetProperty("data_offsets")[0].GetInt64();
        Assert.Equal(model.Parameters[0], BitConverter.ToSingle(file, (int)(8 + headerLength + begin)));
    }

    [Fact]
    public void Saving_non_finite_weights_is_refused_and_names_the_tensor()
    {
        TinyClassifier model = ShippingData.Model();
        model.Parameters[model.Layers[1].BiasOffset + 2] = float.NaN;
        var e = Assert.Throws<InvalidOperationException>(() => model.Save(new MemoryStream()));
        Assert.Contains("output/bias", e.Message);
        Assert.Contains("element 2", e.Message);
    }

    [Fact]
    public void Unnamed_layers_match_by_position_whatever_number_Keras_gave_them()
    {
        var scope = new KerasNameScope();
        var first = new AutoNamed(seed: 1, names: scope);
        var second = new AutoNamed(seed: 2, names: scope);   // dense_2, dense_3
        Assert.NotEqual(first.Layers[0].Name, second.Layers[0].Name);
        byte[] file = ShippingData.Bytes(s => first.Save(s));
        second.Load(new MemoryStream(file));
        Assert.Equal(Bits(first.Parameters), Bits(second.Parameters));
    }

    [Fact]
    public void Float_target_models_round_trip_and_record_their_loss()
    {
        var model = new TinyRegressor(seed: 3);
        byte[] file = ShippingData.Bytes(s => model.Save(s));
        Assert.Contains("mean_squared_error", Encoding.UTF8.GetString(file));
        var other = new TinyRegressor(seed: 4);
        other.Load(new MemoryStream(file));
        Assert.Equal(Bits(model.Parameters), Bits(other.Parameters));
    }

    internal static uint[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new uint[values.Length];
        for (int i = 0; i < bits.Length; i++) bits[i] = BitConverter.SingleToUInt32Bits(values[i]);
        return bits;
    }
}

[Model]
[Input(3)]
[Dense(4, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
public partial class AutoNamed;
