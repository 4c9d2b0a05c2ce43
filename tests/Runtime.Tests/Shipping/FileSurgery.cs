using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SourceGenNet.Optimizers;
using SourceGenNet.Serialization;

namespace SourceGenNet.Runtime.Tests.Shipping;

/// <summary>Takes valid files apart and puts them back together wrong, for the failure tests.</summary>
internal static class FileSurgery
{
    public sealed record Tensor(string Name, string Dtype, long[] Shape, byte[] Data);

    /// <summary>A trained TinyClassifier's file with Adam state: weights and optimizer tensors.</summary>
    public static byte[] ValidFile()
    {
        TinyClassifier model = ShippingData.Model(seed: 1);
        model.Compile(new Adam());
        var (x, y) = ShippingData.Classes(32, seed: 2);
        model.Fit(x, y, epochs: 1, batchSize: 8);
        return ShippingData.Bytes(s => model.Save(s, includeOptimizer: true));
    }

    public static (JsonObject Header, byte[] Data) Split(byte[] file)
    {
        int length = (int)BitConverter.ToInt64(file, 0);
        var header = (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(file, 8, length))!;
        return (header, file[(8 + length)..]);
    }

    public static byte[] Join(JsonNode header, byte[] data) => Join(Encoding.UTF8.GetBytes(header.ToJsonString()), data);

    public static byte[] Join(byte[] header, byte[] data)
    {
        var file = new byte[8 + header.Length + data.Length];
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), (long)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    public static (Dictionary<string, string> Metadata, List<Tensor> Tensors) Parse(byte[] file)
    {
        var (header, data) = Split(file);
        var metadata = header["__metadata__"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        var tensors = header.Where(p => p.Key != "__metadata__")
            .Select(p => (p.Key, Entry: p.Value!.AsObject()))
            .OrderBy(t => t.Entry["data_offsets"]![0]!.GetValue<long>())
            .Select(t =>
            {
                long begin = t.Entry["data_offsets"]![0]!.GetValue<long>(), end = t.Entry["data_offsets"]![1]!.GetValue<long>();
                return new Tensor(t.Key, t.Entry["dtype"]!.GetValue<string>(),
                    t.Entry["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray(), data[(int)begin..(int)end]);
            }).ToList();
        return (metadata, tensors);
    }

    /// <summary>A well-formed container holding exactly these tensors, laid out one after another.</summary>
    public static byte[] Build(Dictionary<string, string> metadata, IEnumerable<Tensor> tensors)
    {
        var header = new JsonObject { ["__metadata__"] = new JsonObject(metadata.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))) };
        using var data = new MemoryStream();
        foreach (Tensor tensor in tensors)
        {
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = tensor.Dtype,
                ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(data.Length, data.Length + tensor.Data.Length),
            };
            data.Write(tensor.Data);
        }
        return Join(header, data.ToArray());
    }

    /// <summary>Loads <paramref name="file"/> into a model that must refuse it and stay exactly as it was.</summary>
    public static ModelFormatException AssertRejected(byte[] file, bool seekable = true)
    {
        TinyClassifier model = ShippingData.Model(seed: 11);
        var optimizer = new Sgd();
        model.Compile(optimizer);
        uint[] before = SaveLoadTests.Bits(model.Parameters);
        Stream stream = seekable ? new MemoryStream(file) : new ForwardOnlyStream(file);
        var e = Assert.Throws<ModelFormatException>(() => model.Load(stream));
        Assert.Equal(before, SaveLoadTests.Bits(model.Parameters));
        Assert.Same(optimizer, model.Optimizer);
        return e;
    }
}

/// <summary>A stream that cannot seek or tell its length, as a network or pipe stream.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private readonly MemoryStream inner = new(bytes);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7)); // short reads on purpose
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
