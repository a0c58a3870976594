namespace AuthKit.Sample.Worker;

/// <summary>What a batch run did.</summary>
/// <param name="Total">Identities in the batch.</param>
/// <param name="Succeeded">Tokens created.</param>
/// <param name="Failed">Identities whose token could not be created.</param>
/// <param name="Cancelled">Whether the run was stopped (Ctrl+C) before the end.</param>
/// <param name="Connections">Connections over all tokens created.</param>
/// <param name="Duration">Time from the first request to the end.</param>
public sealed record TokenBatchSummary(int Total, int Succeeded, int Failed, bool Cancelled, long Connections, TimeSpan Duration)
{
    /// <summary>Identities not done when the run was stopped (in flight or never started).</summary>
    public int NotDone => Total - Succeeded - Failed;
}
