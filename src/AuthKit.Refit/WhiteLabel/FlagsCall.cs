namespace AuthKit;

/// <summary>
/// One flags call in flight and the tokens waiting for it. A token's own call (the cache off) is
/// cancelled when its token is done, as it always was. A shared call (the cache on) is cancelled once
/// every token that joined it has given it up by failing or being cancelled; when a token went on
/// without it (it was late), it is left to finish so that its answer fills the cache for the tokens
/// after it, instead of every token asking Pica again and giving up again. From then on it has a
/// deadline of its own (<see cref="AuthKitOptions.TotalTimeout"/>, as one call): until then, the
/// deadlines of the tokens waiting for it bound it.
/// </summary>
/// <param name="cancellation">The call's cancellation: linked to its token's (own call), or its own (shared).</param>
/// <param name="shared">Whether tokens share it (the cache on).</param>
/// <param name="keptBound">How long a shared call left to finish for the cache may still take.</param>
/// <param name="time">The clock of that deadline.</param>
internal sealed class FlagsCall(CancellationTokenSource cancellation, bool shared, TimeSpan keptBound = default, TimeProvider? time = null)
{
    private readonly object _gate = new();

    // Shared: the waiting tokens go on in parallel on the pool, not one after another on the thread that
    // read the answer. A token's own call has one waiter, which goes on where the answer came in.
    private readonly TaskCompletionSource<FlagsAnswer> _answer =
        new(shared ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);

    private int _waiting;
    private bool _keptForCache;
    private ITimer? _keptDeadline;
    private bool _cancelled;  // joins no more tokens: a new call is needed
    private bool _finished;   // the fetch returned
    private bool _cancelling; // a Cancel() is running: the CancellationTokenSource is not disposed under it

    /// <summary>Whether tokens share it (the cache on), rather than one token owning it.</summary>
    public bool IsShared => shared;

    /// <summary>The call's answer; it never faults (a failure is an answer).</summary>
    public Task<FlagsAnswer> Answer => _answer.Task;

    /// <summary>Counts a token in; <see langword="false"/> when the call was cancelled and a new one is needed.</summary>
    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_cancelled)
            {
                return false;
            }

            _waiting++;
            return true;
        }
    }

    /// <param name="fetch">The request, on the call's own cancellation; it returns failures as answers.</param>
    /// <param name="completed">Runs with the answer before any waiting token sees it (the cache keeps the flag).</param>
    public void Start(Func<CancellationToken, Task<FlagsAnswer>> fetch, Action<FlagsAnswer>? completed) =>
        _ = RunAsync(fetch, completed);

    /// <summary>A token is done with the call.</summary>
    /// <param name="tokenReturned">The token was returned: a shared call still out was late, and finishes for the cache.</param>
    public void Leave(bool tokenReturned)
    {
        bool keep;
        lock (_gate)
        {
            _waiting--;
            keep = shared && tokenReturned && !_finished && !_keptForCache;
            _keptForCache |= keep;
            if (!TryMarkCancelled(_waiting == 0 && !_keptForCache))
            {
                if (keep)
                {
                    _keptDeadline = (time ?? TimeProvider.System).CreateTimer(static call => ((FlagsCall)call!).Expire(), this, keptBound, Timeout.InfiniteTimeSpan);
                }

                return;
            }
        }

        Cancel();
    }

    // The deadline of a call left to finish for the cache. Created once, and only for such a call: a
    // timer per cold token would cost every cold token a timer it almost never needs.
    private void Expire()
    {
        lock (_gate)
        {
            if (!TryMarkCancelled(true))
            {
                return;
            }
        }

        Cancel();
    }

    // Under the lock: whether the call is to be cancelled now (it is then marked so, and joins no more tokens).
    private bool TryMarkCancelled(bool wanted)
    {
        if (!wanted || _finished || _cancelled)
        {
            return false;
        }

        _cancelled = true;
        _cancelling = true;
        return true;
    }

    private void Cancel()
    {
        // Cancel, not CancelAsync: CancelAsync runs the callbacks on a thread-pool thread and the token
        // would wait for one, which a busy pool hands out late. The callbacks only abort the request.
        cancellation.Cancel();
        bool dispose;
        lock (_gate)
        {
            _cancelling = false;
            dispose = _finished;
        }

        if (dispose)
        {
            cancellation.Dispose();
        }
    }

    private async Task RunAsync(Func<CancellationToken, Task<FlagsAnswer>> fetch, Action<FlagsAnswer>? completed)
    {
        FlagsAnswer answer;
        try
        {
            answer = await fetch(cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The fetch turns failures into answers; this is only a safety net, so that no waiter hangs.
            answer = FlagsAnswer.Failed(ex.GetType().Name);
        }
        finally
        {
            bool dispose;
            ITimer? deadline;
            lock (_gate)
            {
                _finished = true;
                dispose = !_cancelling; // otherwise Cancel() disposes once it has returned
                deadline = _keptDeadline;
                _keptDeadline = null;
            }

            deadline?.Dispose();
            if (dispose)
            {
                cancellation.Dispose();
            }
        }

        completed?.Invoke(answer);
        _answer.SetResult(answer);
    }
}
