using Microsoft.Extensions.Logging;

namespace AuthKit;

// Stable event ids: operators filter and alert on them. Messages carry no secret and no identity.
internal static partial class AuthKitLog
{
    [LoggerMessage(EventId = 1, EventName = "TokenCreated", Level = LogLevel.Information,
        Message = "AuthKit token created: {Pages} page(s), {Rows} connection(s), white-label {IsWhiteLabel}, in {ElapsedMs:F1} ms")]
    public static partial void TokenCreated(ILogger logger, int pages, int rows, bool isWhiteLabel, double elapsedMs);

    [LoggerMessage(EventId = 2, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "Retrying a request to Pica (retry {Retry} of {MaxRetries}) in {DelayMs:F0} ms after {Reason}")]
    public static partial void RetryScheduled(ILogger logger, int retry, int maxRetries, double delayMs, string reason);

    [LoggerMessage(EventId = 3, EventName = "WhiteLabelFallback", Level = LogLevel.Warning,
        Message = "The white-label flag could not be read ({Reason}); the token is returned with isWhiteLabel false")]
    public static partial void WhiteLabelFallback(ILogger logger, string reason);

    [LoggerMessage(EventId = 4, EventName = "AnswerRefused", Level = LogLevel.Warning,
        Message = "Pica's answer was refused: {Reason}")]
    public static partial void AnswerRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, EventName = "TokenFailed", Level = LogLevel.Debug,
        Message = "AuthKit token failed after {ElapsedMs:F1} ms: {ErrorType}")]
    public static partial void TokenFailed(ILogger logger, double elapsedMs, string errorType);

    [LoggerMessage(EventId = 6, EventName = "OptionsReloaded", Level = LogLevel.Information,
        Message = "AuthKit options reloaded: {Changed} apply from the next request")]
    public static partial void OptionsReloaded(ILogger logger, string changed);

    [LoggerMessage(EventId = 7, EventName = "OptionsReloadRefused", Level = LogLevel.Warning,
        Message = "AuthKit options reloaded from configuration were refused ({Reason}); the previous options stay in use")]
    public static partial void OptionsReloadRefused(ILogger logger, string reason);
}
