using Microsoft.Extensions.Logging;

namespace AuthKit;

// Stable event ids: operators filter and alert on them. Messages carry no secret and no identity, and
// no exception object (no stack trace): the caller gets the exception; the log says what happened.
// Category AuthKit.AuthKitToken. What a token logs at Information or above: nothing when it is created,
// one Warning when it fails (TokenFailed). Its retries are Debug (RetryScheduled): a retry is the pipeline
// doing its job, counted by authkit.retries; a Warning per retry turned one outage into a page of lines.
internal static partial class AuthKitLog
{
    // Debug, not Information: a token is created per user click; the metrics and spans count and time
    // them, and a line per token would bury the warnings an operator looks for.
    [LoggerMessage(EventId = 1, EventName = "TokenCreated", Level = LogLevel.Debug,
        Message = "AuthKit token created: {Pages} page(s), {Rows} connection(s), white-label {IsWhiteLabel}, in {ElapsedMs:F1} ms")]
    public static partial void TokenCreated(ILogger logger, int pages, int rows, bool isWhiteLabel, double elapsedMs);

    [LoggerMessage(EventId = 2, EventName = "RetryScheduled", Level = LogLevel.Debug,
        Message = "Retrying the request to Pica for {Request} (retry {Retry} of {MaxRetries}) in {DelayMs:F0} ms after {Reason}")]
    public static partial void RetryScheduled(ILogger logger, string request, int retry, int maxRetries, double delayMs, string reason);

    // Logged only for a token that is returned: a token that fails says so in TokenFailed.
    [LoggerMessage(EventId = 3, EventName = "WhiteLabelFallback", Level = LogLevel.Warning,
        Message = "The white-label flag could not be read ({Reason}); this token is returned with isWhiteLabel false")]
    public static partial void WhiteLabelFallback(ILogger logger, string reason);

    // Debug: the refusal fails the token (TokenFailed says why) or the flag (WhiteLabelFallback says why),
    // or, through IPicaAuthKitApi, is the exception the caller gets.
    [LoggerMessage(EventId = 4, EventName = "AnswerRefused", Level = LogLevel.Debug,
        Message = "Pica's answer was refused: {Reason}")]
    public static partial void AnswerRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, EventName = "TokenFailed", Level = LogLevel.Warning,
        Message = "AuthKit token failed after {ElapsedMs:F1} ms ({ErrorType}): {Reason}")]
    public static partial void TokenFailed(ILogger logger, double elapsedMs, string errorType, string reason);

    [LoggerMessage(EventId = 6, EventName = "OptionsReloaded", Level = LogLevel.Information,
        Message = "AuthKit options reloaded: {Changed} apply from the next request")]
    public static partial void OptionsReloaded(ILogger logger, string changed);

    [LoggerMessage(EventId = 7, EventName = "OptionsReloadRefused", Level = LogLevel.Warning,
        Message = "AuthKit options reloaded from configuration were refused ({Reason}); the previous options stay in use")]
    public static partial void OptionsReloadRefused(ILogger logger, string reason);

    // Debug: the caller cancelled; it knows, and it is no failure.
    [LoggerMessage(EventId = 8, EventName = "TokenCancelled", Level = LogLevel.Debug,
        Message = "AuthKit token cancelled by the caller after {ElapsedMs:F1} ms")]
    public static partial void TokenCancelled(ILogger logger, double elapsedMs);
}
