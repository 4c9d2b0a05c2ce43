using System;
using System.Net;
using System.Net.Http;
using SourceGenNet.Data;

namespace SourceGenNet.Runtime.Tests.Data
{
    /// <summary>Tests that change the process environment run alone, so no other test can see the change.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection
    {
        public const string Name = "Process environment";
    }

    [Collection(ProcessEnvironmentCollection.Name)]
    public sealed class EnvironmentVariableTests
    {
        [Fact]
        public void Real_SOURCEGENNET_DATA_variable_is_read_and_restored()
        {
            using var temp = new TempDirectory();
            var fake = new FakeFashionMnist();
            string dir = fake.WriteTo(temp.Combine("from-env"));
            string? before = Environment.GetEnvironmentVariable(FashionMnist.DataDirectoryVariable);
            try
            {
                Environment.SetEnvironmentVariable(FashionMnist.DataDirectoryVariable, dir);

                FashionMnistData data = FashionMnist.Load(new FashionMnistOptions
                {
                    // The default environment lookup; everything else stays inside the temp directory.
                    HomeDirectory = temp.Combine("home"),
                    CacheDirectory = temp.Combine("cache"),
                    Sha256 = fake.Sha256,
                    HttpHandler = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)),
                    RequireOfficialCounts = false,
                });

                Assert.Equal(DatasetSource.EnvironmentDirectory, data.Source);
                Assert.Equal(dir, data.Location);
                fake.AssertMatches(data);
            }
            finally
            {
                Environment.SetEnvironmentVariable(FashionMnist.DataDirectoryVariable, before);
            }
            Assert.Equal(before, Environment.GetEnvironmentVariable(FashionMnist.DataDirectoryVariable));
        }
    }
}
