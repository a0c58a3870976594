using Microsoft.Extensions.Time.Testing;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Real time, except for timers of one due time, which fire only when the test moves them on
/// (<see cref="Advance"/>), and whose creation the test can await (<see cref="Armed"/>): the moment the SDK
/// starts that one wait. Every other timer (attempt timeouts, retry delays, Polly's own) stays real, so
/// the work a test leaves behind still ends, and disposing the client does not wait for a clock that never moves.
/// </summary>
internal sealed class ManualTimerTimeProvider(TimeSpan manualDueTime) : TimeProvider
{
    private readonly FakeTimeProvider _manual = new();
    private readonly TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a timer of the manual due time exists.</summary>
    public Task Armed => _armed.Task;

    /// <summary>Moves the manual timers on by <paramref name="delta"/>, firing those that are due.</summary>
    public void Advance(TimeSpan delta) => _manual.Advance(delta);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != manualDueTime)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        var timer = _manual.CreateTimer(callback, state, dueTime, period);
        _armed.TrySetResult();
        return timer;
    }
}
