using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// What one connections call records: its span (<c>AuthKit Connections {operation}</c>), its duration and
/// outcome (<c>authkit.connections.duration</c>, <c>authkit.failures</c>, both tagged <c>authkit.operation</c>)
/// and, when it fails, its one log line.
/// </summary>
internal readonly struct ConnectionsTelemetry : IDisposable
{
    public const string List = "list";
    public const string Get = "get";
    public const string UpdateTags = "update_tags";
    public const string Delete = "delete";

    private readonly Activity? _activity;
    private readonly long _started;
    private readonly ILogger _logger;
    private readonly string _operation;

    private ConnectionsTelemetry(Activity? activity, long started, ILogger logger, string operation)
    {
        _activity = activity;
        _started = started;
        _logger = logger;
        _operation = operation;
    }

    public Activity? Activity => _activity;

    public static ConnectionsTelemetry Start(string operation, ILogger logger, bool scoped)
    {
        var activity = AuthKitTelemetry.ActivitySource.StartActivity("AuthKit Connections " + operation);
        activity?.SetTag("authkit.operation", operation);
        activity?.SetTag("authkit.identity_scoped", scoped);
        return new ConnectionsTelemetry(activity, Stopwatch.GetTimestamp(), logger, operation);
    }

    public TimeSpan Succeeded()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        AuthKitTelemetry.ConnectionsDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("authkit.operation", _operation),
            new KeyValuePair<string, object?>("authkit.outcome", "success"));
        return elapsed;
    }

    public void Failed(Exception exception, CancellationToken cancellationToken, Redactor redactor)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var cancelled = exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
        var errorType = cancelled
            ? "cancelled"
            : exception is AuthKitApiException api ? ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture) : exception.GetType().Name;

        AuthKitTelemetry.ConnectionsDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("authkit.operation", _operation),
            new KeyValuePair<string, object?>("authkit.outcome", cancelled ? "cancelled" : "failure"));
        if (!cancelled)
        {
            AuthKitTelemetry.Failures.Add(
                1,
                new KeyValuePair<string, object?>("error.type", errorType),
                new KeyValuePair<string, object?>("authkit.operation", _operation));
        }

        _activity?.SetStatus(ActivityStatusCode.Error);
        _activity?.SetTag("error.type", errorType);
        if (cancelled)
        {
            AuthKitLog.ConnectionsCallCancelled(_logger, _operation, elapsed.TotalMilliseconds);
        }
        else
        {
            AuthKitLog.ConnectionsCallFailed(_logger, _operation, elapsed.TotalMilliseconds, errorType, redactor.Clean(exception.Message));
        }
    }

    public void Dispose() => _activity?.Dispose();
}
