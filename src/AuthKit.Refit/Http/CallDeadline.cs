namespace AuthKit;

/// <summary>
/// The overall deadline of one call (<see cref="AuthKitOptions.TotalTimeout"/>), linked with the
/// caller's token: everything the call does runs on <see cref="Token"/>. When it fires and the caller's
/// token has not, the cancellation is the SDK's and becomes an <see cref="AuthKitException"/> with a
/// <see cref="TimeoutException"/> inside; the caller's own cancellation stays theirs.
/// </summary>
internal sealed class CallDeadline : IDisposable
{
    private readonly TimeSpan _total;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public CallDeadline(TimeSpan total, TimeProvider time, CancellationToken caller)
    {
        _total = total;
        _caller = caller;
        _timer = new CancellationTokenSource(total, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the deadline, not the caller, ended the call.</summary>
    public bool HasExpired => _timer.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>
    /// What the caller gets for <paramref name="ex"/>: a cancellation by the deadline becomes its
    /// <see cref="AuthKitException"/>; a cancellation by the caller carries the caller's token (the requests
    /// ran on the linked one); anything else is itself.
    /// </summary>
    public Exception Outcome(Exception ex) => ex switch
    {
        OperationCanceledException when HasExpired => TimedOut(ex),
        OperationCanceledException cancelled when _caller.IsCancellationRequested && cancelled.CancellationToken != _caller =>
            new OperationCanceledException(cancelled.Message, cancelled, _caller),
        _ => ex,
    };

    private AuthKitException TimedOut(Exception cancellation) => new(
        $"The AuthKit token was not complete within the {_total.TotalSeconds:0.###} s allowed for one call (AuthKitOptions.TotalTimeout); the requests still in flight were cancelled.",
        new TimeoutException($"One call took longer than {_total}.", cancellation));

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
