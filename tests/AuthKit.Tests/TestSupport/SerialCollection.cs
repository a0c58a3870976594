namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Tests that measure latency or process-wide allocations run alone, after the parallel ones, so
/// other test classes in the same process do not add their noise to the figure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial (timing and memory)";
}
