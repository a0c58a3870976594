namespace AuthKit.Tests.TestSupport;

/// <summary>
/// The load, secrets and observability tests. ActivityListener and MeterListener are process-wide
/// and the load tests read process-wide memory figures, so these classes run one at a time, after
/// the parallel ones, with nothing else in flight.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry and load (not parallel)";
}
