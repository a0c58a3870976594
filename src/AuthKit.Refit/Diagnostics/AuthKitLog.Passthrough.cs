using Microsoft.Extensions.Logging;

namespace AuthKit;

// Events 30-39: the passthrough. Platform, action id, method and status only: never the secret key, the
// connection key, the identity, the path's query or a header value.
internal static partial class AuthKitLog
{
    [LoggerMessage(EventId = 30, EventName = "PassthroughCalled", Level = LogLevel.Debug,
        Message = "Passthrough {Method} to {Platform} (action {ActionId}) answered HTTP {Status} in {ElapsedMs:F1} ms")]
    public static partial void PassthroughCalled(ILogger logger, string method, string platform, string actionId, int status, double elapsedMs);

    [LoggerMessage(EventId = 31, EventName = "PassthroughFailed", Level = LogLevel.Warning,
        Message = "Passthrough {Method} to {Platform} (action {ActionId}) failed after {ElapsedMs:F1} ms: {Reason}")]
    public static partial void PassthroughFailed(ILogger logger, string method, string platform, string actionId, double elapsedMs, string reason);

    [LoggerMessage(EventId = 32, EventName = "PassthroughRetryScheduled", Level = LogLevel.Warning,
        Message = "Passthrough {Method} to {Platform} (action {ActionId}) answered HTTP {Status}; retry {Attempt} of {MaxRetries} in {DelayMs:F0} ms")]
    public static partial void PassthroughRetryScheduled(ILogger logger, string method, string platform, string actionId, int status, int attempt, int maxRetries, double delayMs);

    [LoggerMessage(EventId = 33, EventName = "PassthroughRefused", Level = LogLevel.Warning,
        Message = "Passthrough to {Platform} refused before sending: {Reason}")]
    public static partial void PassthroughRefused(ILogger logger, string platform, string reason);

    [LoggerMessage(EventId = 34, EventName = "PassthroughConfirmed", Level = LogLevel.Debug,
        Message = "Connection to {Platform} confirmed as the identity's for the passthrough ({Source})")]
    public static partial void PassthroughConfirmed(ILogger logger, string platform, string source);
}
