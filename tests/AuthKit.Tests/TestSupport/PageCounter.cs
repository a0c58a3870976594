using System.Diagnostics.Metrics;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Counts the "authkit.pages" measurements, which the SDK records as it accepts a page: a way to
/// know that a page has been read, not only sent by the server. The listener is process-wide:
/// only for tests of a non-parallel collection.
/// </summary>
internal sealed class PageCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public PageCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AuthKitDiagnostics.MeterName && instrument.Name == "authkit.pages")
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, state) => Interlocked.Add(ref ((PageCounter)state!)._count, value));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
