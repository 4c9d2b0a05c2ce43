namespace SourceGenNet.Runtime.Tests;

public class Smoke { [Fact] public void Runs() => Assert.Equal(3, 1 + 2); }
