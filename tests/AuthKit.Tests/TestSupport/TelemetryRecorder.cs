using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Records every span of every ActivitySource (System.Net.Http included) and every measurement of
/// every Meter while it lives. Both listeners are process-wide: tests that use it belong to
/// <see cref="TelemetryCollection"/>, and read only their own trace (<see cref="StartTrace"/>).
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private static readonly ActivitySource TestSource = new("AuthKit.Tests.Telemetry");

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryRecorder()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            SampleUsingParentId = (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument),
        };
        _meters.SetMeasurementEventCallback<byte>((i, v, t, _) => Record(i, v, t));
        _meters.SetMeasurementEventCallback<short>((i, v, t, _) => Record(i, v, t));
        _meters.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _meters.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _meters.SetMeasurementEventCallback<float>((i, v, t, _) => Record(i, v, t));
        _meters.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _meters.SetMeasurementEventCallback<decimal>((i, v, t, _) => Record(i, (double)v, t));
        _meters.Start();
    }

    /// <summary>Every span stopped since the recorder started, from any source.</summary>
    public ConcurrentQueue<Activity> Stopped { get; } = new();

    /// <summary>Every measurement since the recorder started, from any meter.</summary>
    public ConcurrentQueue<Measurement> Measurements { get; } = new();

    /// <summary>
    /// Starts a root span that the SDK's spans and measurements made under it can be told apart by:
    /// the listeners also see whatever else runs in the process.
    /// </summary>
    public Activity StartTrace(string name) =>
        TestSource.StartActivity(name, ActivityKind.Internal, parentContext: default) ?? throw new InvalidOperationException("not sampled");

    /// <summary>The spans of <paramref name="trace"/>'s trace, root excluded.</summary>
    public List<Activity> SpansOf(Activity trace) =>
        Stopped.Where(a => a.TraceId == trace.TraceId && a.SpanId != trace.SpanId).ToList();

    /// <summary>Measurements of <paramref name="instrument"/> on meter "AuthKit" made inside <paramref name="trace"/>.</summary>
    public List<Measurement> MeasurementsOf(Activity trace, string instrument) =>
        Measurements.Where(m => m.TraceId == trace.TraceId && m.Meter == AuthKitDiagnostics.MeterName && m.Instrument == instrument).ToList();

    /// <summary>Collects the observable instruments' current values into <see cref="Measurements"/>.</summary>
    public void RecordObservableInstruments() => _meters.RecordObservableInstruments();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Measurements.Enqueue(new Measurement(
            instrument.Meter.Name,
            instrument.Name,
            instrument.Unit,
            value,
            tags.ToArray(),
            Activity.Current?.TraceId ?? default,
            instrument));

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    internal sealed record Measurement(
        string Meter,
        string Instrument,
        string? Unit,
        double Value,
        KeyValuePair<string, object?>[] Tags,
        ActivityTraceId TraceId,
        Instrument Source)
    {
        public object? Tag(string name) => Tags.FirstOrDefault(t => t.Key == name).Value;
    }
}
