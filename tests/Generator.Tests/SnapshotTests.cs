using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Shouldly;

namespace SourceGenNet.Generator.Tests;

/// <summary>
/// The generated source of each case in <see cref="SnapshotCases"/> must equal its reviewed
/// snapshot in Snapshots/. A missing snapshot fails. To accept new output after a deliberate
/// change, run the tests with SOURCEGENNET_UPDATE_SNAPSHOTS=1 and review the diff in git.
/// </summary>
public class SnapshotTests
{
    private const string UpdateSwitch = "SOURCEGENNET_UPDATE_SNAPSHOTS";

    [Theory]
    [MemberData(nameof(SnapshotCases.Names), MemberType = typeof(SnapshotCases))]
    public void Generated_source_matches_its_snapshot(string name)
    {
        var (files, _) = GeneratorHarness.Generate(SnapshotCases.Sources[name]);
        Assert.True(files.Count == 1, "diagnostics: " + string.Join("\n", GeneratorHarness.Diagnose(SnapshotCases.Sources[name])));
        string generated = files.Values.Single();

        if (Environment.GetEnvironmentVariable(UpdateSwitch) == "1")
            File.WriteAllText(Path.Combine(SnapshotFolder(), name + ".approved.cs"), generated);

        generated.ShouldMatchApproved(options => options
            .SubFolder("Snapshots")
            .WithFileExtension("cs")
            .WithDiscriminator(name)
            .WithFilenameGenerator((_, _, type, extension) => $"{name}.{type}.{extension}")
            .NoDiff());
    }

    [Fact]
    public void Every_snapshot_belongs_to_a_case()
    {
        // A snapshot whose case was removed would otherwise linger unreviewed.
        var expected = SnapshotCases.Sources.Keys.Select(name => name + ".approved.cs").OrderBy(n => n, StringComparer.Ordinal);
        var present = Directory.GetFiles(SnapshotFolder()).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
        present.ShouldBe(expected!);
    }

    [Fact]
    public void Hint_names_are_stable_and_qualified()
    {
        var (files, _) = GeneratorHarness.Generate(SnapshotCases.Sources["NestedCategorical"], SnapshotCases.Sources["FashionMnist"]);
        files.Keys.OrderBy(n => n, StringComparer.Ordinal).ShouldBe(new[] { "Models.OneHot.g.cs", "Tutorial.FashionMnistModel.g.cs" });
    }

    private static string SnapshotFolder([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots");
}
