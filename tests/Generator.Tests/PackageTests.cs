using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Shouldly;

namespace SourceGenNet.Generator.Tests;

/// <summary>
/// The runtime's package is all a user references: it must carry the generator (and analyzer) so
/// that a project with one PackageReference gets its network generated, and compile errors for
/// bad declarations. Packs the runtime, then builds and runs a fresh consumer against it, offline.
/// </summary>
public class PackageTests
{
    [Fact]
    public void A_project_referencing_only_the_package_gets_the_generator()
    {
        string work = Directory.CreateTempSubdirectory("sourcegennet-package-").FullName;
        try
        {
            string feed = Path.Combine(work, "feed");
            string version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
            Run(RepositoryRoot(), "pack", "runtime/SourceGenNet.csproj", "-o", feed, $"-p:Version={version}", "-c", "Debug");
            string package = Directory.GetFiles(feed, "*.nupkg").Single();
            using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
                zip.Entries.Select(e => e.FullName).ShouldContain("analyzers/dotnet/cs/SourceGenNet.Generator.dll");

            string consumer = Path.Combine(work, "consumer");
            Directory.CreateDirectory(consumer);
            // Restore from the new package and from the packages this machine already has: no network.
            string packagesFolder = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="machine" value="{packagesFolder}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="SourceGenNet" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using SourceGenNet;
                var model = new Consumer.Xor(seed: 1);
                model.Compile(new SourceGenNet.Optimizers.Adam(0.05f));
                float[] x = [0, 0, 0, 1, 1, 0, 1, 1];
                int[] y = [0, 1, 1, 0];
                model.Fit(x, y, epochs: 300, batchSize: 4);
                System.Console.WriteLine(model.Name + " " + model.Evaluate(x, y).Accuracy.ToString(System.Globalization.CultureInfo.InvariantCulture));

                namespace Consumer
                {
                    [Model("xor"), Input(2), Dense(8, Activation.Tanh), Dense(2, Activation.Softmax)]
                    public partial class Xor;
                }
                """);
            Run(consumer, "run").Trim().ShouldBe("xor 1");

            // The analyzer travels in the package too: a bad declaration is a compile error with our ID.
            File.AppendAllText(Path.Combine(consumer, "Program.cs"), """

                namespace Consumer
                {
                    [Model, Input(2), Dense(8, Activation.Softmax), Dense(2, Activation.Softmax)]
                    public partial class Broken;
                }
                """);
            string failure = Run(consumer, expectFailure: true, "build");
            failure.ShouldContain("error SGN0005");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Run(string directory, params string[] arguments) => Run(directory, false, arguments);

    private static string Run(string directory, bool expectFailure, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // The test host's MSBuild variables would point the child build at the wrong SDK pieces.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBUILD")).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string all = output + error.Result;
        if (expectFailure) process.ExitCode.ShouldNotBe(0, all);
        else process.ExitCode.ShouldBe(0, $"dotnet {string.Join(' ', arguments)} failed:\n{all}");
        return expectFailure ? all : output;
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
