using Microsoft.Extensions.Logging;

namespace AuthKit;

// Stable event ids (101-), distinct from the SDK's (1-5): operators filter and alert on them. No
// message carries the secret key, the identity or Pica's answer body; 105 carries the fields of Pica's
// error envelope, bounded and cleaned by the SDK's Redactor (AuthKitApiException).
internal static partial class AuthKitEndpointLog
{
    /// <summary>The category of the endpoint's log lines.</summary>
    public const string Category = "AuthKit.AspNetCore.TokenEndpoint";

    [LoggerMessage(EventId = 101, EventName = "OriginRefused", Level = LogLevel.Warning,
        Message = "A CORS preflight to the AuthKit token endpoint from origin '{Origin}' was refused: it is not in AuthKit:Endpoint:AllowedOrigins. If it is the origin of the AuthKit iframe (the platform's hosted page, or the frontend's baseUrl), add it there. Each origin is logged once.")]
    public static partial void OriginRefused(ILogger logger, string origin);

    [LoggerMessage(EventId = 115, EventName = "OtherPlatformOriginRefused", Level = LogLevel.Warning,
        Message = "A CORS preflight to the AuthKit token endpoint from origin '{Origin}' was refused: it is {OtherPlatform}'s AuthKit iframe, but AuthKit:Platform is {Platform}, whose iframe is {PlatformOrigin}. Set AuthKit:Platform to {OtherPlatform} (with its secret key), or add the origin to AuthKit:Endpoint:AllowedOrigins. Each origin is logged once.")]
    public static partial void OtherPlatformOriginRefused(ILogger logger, string origin, string otherPlatform, string platform, string platformOrigin);

    [LoggerMessage(EventId = 116, EventName = "InvalidPaging", Level = LogLevel.Warning,
        Message = "The AuthKit token request's '{Parameter}' query parameter is not a page the endpoint serves: 400, nothing was sent")]
    public static partial void InvalidPaging(ILogger logger, string parameter);

    [LoggerMessage(EventId = 102, EventName = "RefusedOriginsNotLogged", Level = LogLevel.Warning,
        Message = "{Count} different refused origins have been logged; preflights from further origins are refused without a log line.")]
    public static partial void RefusedOriginsNotLogged(ILogger logger, int count);

    [LoggerMessage(EventId = 103, EventName = "NoIdentity", Level = LogLevel.Debug,
        Message = "The AuthKit token request has no identity (no signed-in user, or ResolveIdentity returned null): 401")]
    public static partial void NoIdentity(ILogger logger);

    [LoggerMessage(EventId = 104, EventName = "InvalidIdentity", Level = LogLevel.Warning,
        Message = "The identity resolved for an AuthKit token request is not valid for Pica: 400. {Reason}")]
    public static partial void InvalidIdentity(ILogger logger, string reason);

    // 105 and 106 are Debug and carry no exception: Pica refusing or being down is an expected failure, and
    // the SDK has written its one line for it (TokenFailed, event 5, Warning: status or type, and the message
    // with Pica's error envelope). A second line, or a stack trace of Refit's internals, says nothing more.
    [LoggerMessage(EventId = 105, EventName = "PicaRefused", Level = LogLevel.Debug,
        Message = "Pica refused the AuthKit token request with HTTP {PicaStatus}: 502. Pica's error key {PicaErrorKey}, code {PicaErrorCode}, correlation id {PicaCorrelationId}, message {PicaErrorMessage}")]
    public static partial void PicaRefused(ILogger logger, int picaStatus, string? picaErrorKey, int? picaErrorCode, string? picaCorrelationId, string? picaErrorMessage);

    [LoggerMessage(EventId = 106, EventName = "PicaUnavailable", Level = LogLevel.Debug,
        Message = "The AuthKit token could not be created ({ErrorType}): 502")]
    public static partial void PicaUnavailable(ILogger logger, string errorType);

    [LoggerMessage(EventId = 107, EventName = "RequestAborted", Level = LogLevel.Debug,
        Message = "The caller went away before its AuthKit token was ready; the calls to Pica were cancelled and nothing was written")]
    public static partial void RequestAborted(ILogger logger);

    [LoggerMessage(EventId = 108, EventName = "HeaderRefused", Level = LogLevel.Warning,
        Message = "A CORS preflight to the AuthKit token endpoint asked to send the request header '{Header}', which is not in AuthKit:Endpoint:AllowedHeaders: the browser will not send the token request. If your frontend puts it in token.headers, add it there. Each header name is logged once.")]
    public static partial void HeaderRefused(ILogger logger, string header);

    [LoggerMessage(EventId = 109, EventName = "RefusedHeadersNotLogged", Level = LogLevel.Warning,
        Message = "{Count} different refused request headers have been logged; preflights asking for further headers are refused without a log line.")]
    public static partial void RefusedHeadersNotLogged(ILogger logger, int count);
}
