using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// What one call of <c>CreateAsync</c> records: its span (<c>AuthKit CreateToken</c>), its duration and
/// outcome (<c>authkit.token.duration</c>, <c>authkit.failures</c>) and its one log line.
/// </summary>
internal readonly struct TokenTelemetry : IDisposable
{
    private readonly Activity? _activity;
    private readonly long _started;
    private readonly ILogger _logger;

    private TokenTelemetry(Activity? activity, long started, ILogger logger)
    {
        _activity = activity;
        _started = started;
        _logger = logger;
    }

    public static TokenTelemetry Start(IdentityType? identityType, ILogger logger)
    {
        var activity = AuthKitTelemetry.ActivitySource.StartActivity("AuthKit CreateToken");
        activity?.SetTag("authkit.identity_type", WireName(identityType));
        return new TokenTelemetry(activity, Stopwatch.GetTimestamp(), logger);
    }

    public void Succeeded(AuthKitTokenResponse token, int pages, WhiteLabelFlag flag)
    {
        // One reading of the clock for the metric and the log line: they report the same duration.
        var elapsed = Stopwatch.GetElapsedTime(_started);
        AuthKitTelemetry.TokenDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("authkit.outcome", "success"));
        if (_activity is { } activity)
        {
            activity.SetTag("authkit.pages", pages);
            activity.SetTag("authkit.rows", token.Rows.Count);
            // A number stays a number tag, anything else its text; no tag when Pica sent none.
            activity.SetTag("authkit.request_id", token.RequestId is not { } id ? null : id.TryGetInt64(out var number) ? number : id.ToString());
            activity.SetTag("authkit.white_label.source", flag.Source);
        }

        AuthKitLog.TokenCreated(_logger, pages, token.Rows.Count, token.IsWhiteLabel, elapsed.TotalMilliseconds);
    }

    /// <param name="exception">What the caller is about to get.</param>
    /// <param name="cancellationToken">The caller's token: its cancellation is not a failure.</param>
    /// <param name="redactor">Cleans the reason logged (the SDK's messages are clean already; anything else may not be).</param>
    public void Failed(Exception exception, CancellationToken cancellationToken, Redactor redactor)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var cancelled = exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
        var errorType = cancelled
            ? "cancelled"
            : exception is AuthKitApiException api ? ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture) : exception.GetType().Name;

        AuthKitTelemetry.TokenDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("authkit.outcome", cancelled ? "cancelled" : "failure"));
        if (!cancelled)
        {
            AuthKitTelemetry.Failures.Add(1, new KeyValuePair<string, object?>("error.type", errorType));
        }

        _activity?.SetStatus(ActivityStatusCode.Error);
        _activity?.SetTag("error.type", errorType);

        if (cancelled)
        {
            AuthKitLog.TokenCancelled(_logger, elapsed.TotalMilliseconds);
        }
        else
        {
            // The message, not the exception: the caller has the exception, and a stack trace below Error
            // would be noise in every log the operator reads.
            AuthKitLog.TokenFailed(_logger, elapsed.TotalMilliseconds, errorType, redactor.Clean(exception.Message));
        }
    }

    public void Dispose() => _activity?.Dispose();

    private static string? WireName(IdentityType? type) => type switch
    {
        IdentityType.User => "user",
        IdentityType.Team => "team",
        IdentityType.Organization => "organization",
        IdentityType.Project => "project",
        _ => null,
    };
}
