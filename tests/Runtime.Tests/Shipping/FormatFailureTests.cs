using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SourceGenNet.Optimizers;
using SourceGenNet.Serialization;
using static SourceGenNet.Runtime.Tests.Shipping.FileSurgery;

namespace SourceGenNet.Runtime.Tests.Shipping;

/// <summary>Every way a file can be wrong: one exception type, a message naming the place, the model untouched.</summary>
public class FormatFailureTests
{
    private static readonly byte[] Valid = ValidFile();

    [Fact]
    public void The_valid_file_loads_from_seekable_and_forward_only_streams()
    {
        TinyClassifier model = ShippingData.Model(seed: 11);
        model.Load(new MemoryStream(Valid));
        model.Load(new ForwardOnlyStream(Valid));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Shorter_than_the_length_field(int length) =>
        Assert.Contains("8-byte header length", AssertRejected(Valid[..length]).Message);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Truncated_inside_the_header(bool seekable)
    {
        string message = AssertRejected(Valid[..40], seekable).Message;
        Assert.Contains(seekable ? "only 32 bytes follow" : "truncated", message);
    }

    [Fact]
    public void Truncated_inside_the_data_names_the_tensor_that_no_longer_fits() =>
        Assert.Contains("'optimizer/velocity/output/bias'", AssertRejected(Valid[..^4]).Message);

    [Fact]
    public void Truncated_inside_the_data_of_a_forward_only_stream() =>
        Assert.Contains("truncated", AssertRejected(Valid[..^4], seekable: false).Message);

    [Theory]
    [InlineData(1L << 40, "above the limit")]
    [InlineData(100L * 1024 * 1024 + 1, "above the limit")]
    [InlineData(1, "smallest JSON header")]
    [InlineData(0, "smallest JSON header")]
    public void Header_length_out_of_bounds(long length, string expected)
    {
        byte[] file = (byte[])Valid.Clone();
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), length);
        Assert.Contains("header length at byte 0", AssertRejected(file).Message);
        Assert.Contains(expected, AssertRejected(file).Message);
    }

    [Fact]
    public void Header_length_past_the_end_of_the_file()
    {
        byte[] file = (byte[])Valid.Clone();
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), (long)file.Length);
        Assert.Contains($"only {file.Length - 8} bytes follow", AssertRejected(file).Message);
    }

    [Theory]
    [InlineData("{not json}")]
    [InlineData("{\"a\": [[[[[[[[1]]]]]]]]}")]   // deeper than any header needs
    [InlineData("[1, 2]")]
    public void Header_that_is_not_a_JSON_object(string json)
    {
        string message = AssertRejected(Join(Encoding.UTF8.GetBytes(json), Split(Valid).Data)).Message;
        Assert.Contains("header (bytes 8 to", message);
    }

    [Fact]
    public void Missing_tensor_is_named()
    {
        var (metadata, tensors) = Parse(Valid);
        Assert.Equal("tensor 'output/bias' is missing", AssertRejected(Build(metadata, tensors.Where(t => t.Name != "output/bias"))).Message);
    }

    [Fact]
    public void Missing_optimizer_slot_is_named()
    {
        var (metadata, tensors) = Parse(Valid);
        string message = AssertRejected(Build(metadata, tensors.Where(t => t.Name != "optimizer/momentum/hidden/kernel"))).Message;
        Assert.Contains("'optimizer/momentum/hidden/kernel' is missing", message);
    }

    [Fact]
    public void Unexpected_tensor_is_named()
    {
        var (metadata, tensors) = Parse(Valid);
        tensors.Add(new Tensor("extra/kernel", "F32", [1], new byte[4]));
        Assert.Contains("'extra/kernel' is not part of this model", AssertRejected(Build(metadata, tensors)).Message);
    }

    [Theory]
    [InlineData("F64")]
    [InlineData("F16")]
    [InlineData("I32")]
    public void Wrong_dtype_is_named(string dtype)
    {
        var (metadata, tensors) = Parse(Valid);
        int i = tensors.FindIndex(t => t.Name == "hidden/bias");
        tensors[i] = tensors[i] with { Dtype = dtype };
        Assert.Contains($"'hidden/bias' has dtype {dtype}", AssertRejected(Build(metadata, tensors)).Message);
    }

    [Fact]
    public void Wrong_shape_with_the_right_byte_count_is_named()
    {
        var (metadata, tensors) = Parse(Valid);
        int i = tensors.FindIndex(t => t.Name == "hidden/kernel");
        tensors[i] = tensors[i] with { Shape = [5, 6] };
        Assert.Equal("tensor 'hidden/kernel' has shape [5, 6], this model needs [6, 5]", AssertRejected(Build(metadata, tensors)).Message);
    }

    [Fact]
    public void Shape_that_disagrees_with_its_offsets_is_named()
    {
        var (header, data) = Split(Valid);
        header["output/bias"]!["shape"] = new JsonArray(4);
        Assert.Contains("'output/bias': data_offsets", AssertRejected(Join(header, data)).Message);
    }

    [Fact]
    public void Overlapping_offsets_name_both_tensors()
    {
        var (header, data) = Split(Valid);
        JsonArray offsets = header["hidden/bias"]!["data_offsets"]!.AsArray();
        long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
        header["hidden/bias"]!["data_offsets"] = new JsonArray(begin - 4, end - 4);
        string message = AssertRejected(Join(header, data)).Message;
        Assert.Contains("'hidden/bias'", message);
        Assert.Contains("overlap tensor 'hidden/kernel'", message);
    }

    [Fact]
    public void Offsets_past_the_data_region_name_the_tensor_and_the_file_offset()
    {
        var (header, data) = Split(Valid);
        JsonArray offsets = header["output/bias"]!["data_offsets"]!.AsArray();
        long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
        header["output/bias"]!["data_offsets"] = new JsonArray(begin + data.Length, end + data.Length);
        string message = AssertRejected(Join(header, data)).Message;
        Assert.Contains("'output/bias'", message);
        Assert.Contains("reach past the", message);
        Assert.Contains("file offset", message);
    }

    [Fact]
    public void Negative_or_fractional_offsets_are_named()
    {
        var (header, data) = Split(Valid);
        header["output/bias"]!["data_offsets"] = new JsonArray(-4, 8);
        Assert.Contains("'output/bias': data_offsets[0] is -4", AssertRejected(Join(header, data)).Message);
        header["output/bias"]!["data_offsets"] = new JsonArray(1.5, 8);
        Assert.Contains("data_offsets[0] is 1.5", AssertRejected(Join(header, data)).Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Trailing_garbage_is_refused(bool seekable)
    {
        byte[] file = [.. Valid, 1, 2, 3, 4];
        Assert.Contains("trailing", AssertRejected(file, seekable).Message);
    }

    [Fact]
    public void A_gap_between_tensors_is_refused_with_its_offset()
    {
        var (metadata, tensors) = Parse(Valid);
        var (header, data) = Split(Build(metadata, tensors));
        JsonArray offsets = header["optimizer/velocity/output/bias"]!["data_offsets"]!.AsArray();
        long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
        header["optimizer/velocity/output/bias"]!["data_offsets"] = new JsonArray(begin + 4, end + 4);
        string message = AssertRejected(Join(header, [.. data, 0, 0, 0, 0])).Message;
        Assert.Contains($"bytes [{begin}, {begin + 4})", message);
        Assert.Contains("belong to no tensor", message);
    }

    [Fact]
    public void Duplicate_tensor_names_are_refused()
    {
        var (_, data) = Split(Valid);
        string json = Encoding.UTF8.GetString(Valid, 8, (int)BitConverter.ToInt64(Valid, 0));
        int at = json.IndexOf("\"hidden/bias\"", StringComparison.Ordinal);
        string duplicated = json[..1] + json[at..json.IndexOf('}', at)] + "}," + json[1..];
        Assert.Contains("names 'hidden/bias' twice", AssertRejected(Join(Encoding.UTF8.GetBytes(duplicated), data)).Message);
    }

    [Fact]
    public void Another_topology_is_refused_by_its_metadata()
    {
        byte[] narrower = ShippingData.Bytes(s => new NarrowerClassifier(seed: 1).Save(s));
        Assert.Contains("the file's layer 'hidden' is Dense(4, relu), this model's 'hidden' is Dense(5, relu)", AssertRejected(narrower).Message);

        byte[] regressor = ShippingData.Bytes(s => new TinyRegressor(seed: 1).Save(s));
        Assert.Contains("metadata 'input_size' is '4', this model needs '6'", AssertRejected(regressor).Message);

        byte[] categorical = ShippingData.Bytes(s => new TinyCategorical(seed: 1).Save(s));
        Assert.Contains("metadata 'targets' is 'float', this model needs 'int'", AssertRejected(categorical).Message);
    }

    [Theory]
    [InlineData("format", "safetensors-something", "metadata 'format' is")]
    [InlineData("format_version", "2", "metadata 'format_version' is '2'")]
    [InlineData("loss", "mean_squared_error", "metadata 'loss' is 'mean_squared_error'")]
    [InlineData("layers", "[{", "metadata 'layers' is not valid JSON")]
    [InlineData("optimizer", "Lion", "metadata 'optimizer' is 'Lion'")]
    [InlineData("optimizer_iterations", "-3", "metadata 'optimizer_iterations' is '-3'")]
    [InlineData("optimizer_config", "{\"learning_rate\":0.001,\"beta_1\":2,\"beta_2\":0.999,\"epsilon\":1e-7}", "describes an invalid Adam")]
    [InlineData("optimizer_config", "{\"learning_rate\":0.001}", "needs a finite number 'beta_1'")]
    public void Bad_metadata_is_named(string key, string value, string expected)
    {
        var (metadata, tensors) = Parse(Valid);
        metadata[key] = value;
        Assert.Contains(expected, AssertRejected(Build(metadata, tensors)).Message);
    }

    [Fact]
    public void Missing_metadata_is_named()
    {
        var (metadata, tensors) = Parse(Valid);
        metadata.Remove("layers");
        Assert.Equal("metadata 'layers' is missing", AssertRejected(Build(metadata, tensors)).Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "∞")]
    public void Non_finite_weights_are_refused_with_tensor_element_and_offset(float value, string shown)
    {
        var (metadata, tensors) = Parse(Valid);
        Tensor kernel = tensors.Single(t => t.Name == "hidden/kernel");
        BitConverter.TryWriteBytes(kernel.Data.AsSpan(12, 4), value);
        string message = AssertRejected(Build(metadata, tensors)).Message;
        Assert.Contains("tensor 'hidden/kernel' element 3 (file offset", message);
        Assert.True(message.Contains(shown) || message.Contains("Infinity"), message);
    }

    [Fact]
    public void Non_finite_optimizer_state_is_refused_too()
    {
        var (metadata, tensors) = Parse(Valid);
        Tensor slot = tensors.Single(t => t.Name == "optimizer/velocity/output/kernel");
        BitConverter.TryWriteBytes(slot.Data.AsSpan(0, 4), float.NaN);
        Assert.Contains("'optimizer/velocity/output/kernel' element 0", AssertRejected(Build(metadata, tensors)).Message);
    }

    [Fact]
    public void A_failed_load_from_a_path_keeps_the_model_and_the_file()
    {
        string path = Path.Combine(ShippingData.TempDirectory(), "broken.safetensors");
        File.WriteAllBytes(path, Valid[..^1]);
        TinyClassifier model = ShippingData.Model(seed: 11);
        uint[] before = SaveLoadTests.Bits(model.Parameters);
        Assert.Throws<ModelFormatException>(() => model.Load(path));
        Assert.Equal(before, SaveLoadTests.Bits(model.Parameters));
        Assert.Equal(Valid.Length - 1, new FileInfo(path).Length);
    }
}
