using System;
using System.IO;
using SourceGenNet.Serialization;

namespace SourceGenNet.Runtime.Tests.Shipping;

/// <summary>A save that fails midway leaves the previous file as it was and no temporary file behind.</summary>
public class AtomicSaveTests
{
    [Fact]
    public void A_write_that_throws_midway_keeps_the_previous_file_and_leaves_no_temporary()
    {
        string dir = ShippingData.TempDirectory();
        string path = Path.Combine(dir, "model.safetensors");
        TinyClassifier original = ShippingData.Model(seed: 1);
        original.Save(path);
        byte[] before = File.ReadAllBytes(path);

        TinyClassifier other = ShippingData.Model(seed: 2);
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            other.Save(stream);              // a whole file's worth of bytes reaches the temporary file...
            throw new IOException("simulated: disk full");   // ...and then the write fails
        }));
        Assert.Equal("simulated: disk full", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir));
    }

    [Fact]
    public void A_model_that_cannot_be_saved_keeps_the_previous_file()
    {
        string dir = ShippingData.TempDirectory();
        string path = Path.Combine(dir, "model.safetensors");
        TinyClassifier model = ShippingData.Model(seed: 1);
        model.Save(path);
        byte[] before = File.ReadAllBytes(path);

        model.Parameters[0] = float.PositiveInfinity;
        Assert.Throws<InvalidOperationException>(() => model.Save(path));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir));
    }

    [Fact]
    public void A_rename_that_fails_leaves_no_temporary_file()
    {
        string dir = ShippingData.TempDirectory();
        string target = Path.Combine(dir, "taken");
        Directory.CreateDirectory(target);   // a directory where the file should go: the final move fails
        Assert.ThrowsAny<IOException>(() => ShippingData.Model().Save(target));
        Assert.Empty(Directory.GetFiles(dir));
        Assert.True(Directory.Exists(target));
    }

    [Fact]
    public void A_missing_directory_fails_cleanly()
    {
        string path = Path.Combine(ShippingData.TempDirectory(), "no", "such", "dir", "m.safetensors");
        Assert.ThrowsAny<IOException>(() => ShippingData.Model().Save(path));
    }

    [Fact]
    public void Saving_over_a_file_replaces_it_whole()
    {
        string dir = ShippingData.TempDirectory();
        string path = Path.Combine(dir, "model.safetensors");
        ShippingData.Model(seed: 1).Save(path, includeOptimizer: true);   // the longer file first
        TinyClassifier second = ShippingData.Model(seed: 2);
        second.Save(path);
        TinyClassifier loaded = ShippingData.Model(seed: 3);
        loaded.Load(path);
        Assert.Equal(SaveLoadTests.Bits(second.Parameters), SaveLoadTests.Bits(loaded.Parameters));
        Assert.Equal([path], Directory.GetFiles(dir));
    }
}
