using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using Refit;

namespace AuthKit;

/// <summary>
/// Maps whatever the HTTP stack threw to the SDK's exceptions. Refit's exceptions are never passed on:
/// they hold the request message. Every message, and every inner exception kept, passes the client's
/// <see cref="Redactor"/>.
/// </summary>
internal sealed class FailureTranslator(ValidatedOptions options, ILogger logger)
{
    /// <summary>
    /// The SDK's exception for <paramref name="ex"/>, thrown on <paramref name="what"/> ("page 2", "the
    /// flags call"); <see langword="null"/> for a cancellation of <paramref name="cancellationToken"/>
    /// (the caller's, or the call's deadline), which stays as it is.
    /// </summary>
    public AuthKitException? Translate(Exception ex, string what, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        ApiRequestException { InnerException: { } inner } => Translate(inner, what, cancellationToken),
        ApiException { InnerException: JsonException json } =>
            Refused($"Pica's answer to {what} is not the JSON expected: {json.Message}", json),
        ApiException api when (int)api.StatusCode is < 200 or > 299 => ApiError(api, what),
        ApiException api => Refused($"Pica's answer to {what} could not be read: {api.Message}"),
        AuthKitException own => own,
        TimeoutRejectedException timeout => TimedOut(what, timeout),
        HttpRequestException http => Failed($"Pica could not be reached for {what}: {http.Message}", http),
        JsonException json => Refused($"Pica's answer to {what} is not the JSON expected: {json.Message}", json),
        OperationCanceledException cancelled => TimedOut(what, cancelled),
        _ => Failed($"Creating the AuthKit token failed on {what}: {ex.GetType().Name}: {ex.Message}", null),
    };

    /// <summary>
    /// An answer the SDK will not use, never retried (the server would send it again). Logged at Debug
    /// only: the failed token's <c>TokenFailed</c> line, or the flag's <c>WhiteLabelFallback</c>, says it.
    /// </summary>
    public AuthKitException Refused(string message, Exception? inner = null)
    {
        var exception = Failed(message, inner);
        AuthKitLog.AnswerRefused(logger, exception.Message);
        return exception;
    }

    private AuthKitException Failed(string message, Exception? inner) =>
        new(options.Redactor.Clean(message), options.Redactor.Clean(inner));

    private AuthKitException TimedOut(string what, Exception inner)
    {
        // Timeout and MaxRetries are fixed at start: the current snapshot holds the ones in force.
        var current = options.Current;
        return new AuthKitException(
            $"Pica did not answer {what} within the {current.Timeout.TotalSeconds:0.###} s allowed per attempt (AuthKitOptions.Timeout), after {current.MaxRetries} retries.",
            new TimeoutException($"An attempt took longer than {current.Timeout}.", inner));
    }

    private AuthKitApiException ApiError(ApiException api, string what)
    {
        // ResponseBufferingHandler read at most its first 4 KiB; the bound holds for any other handler too.
        var body = options.Redactor.Clean(api.Content, ResponseBufferingHandler.ErrorBodyLimit);
        var envelope = PicaErrorEnvelope.Read(api.Content, api.Headers, options.Redactor);
        var excerpt = envelope is not null ? $": {envelope.Describe()}"
            : string.IsNullOrWhiteSpace(body) ? string.Empty
            : $": {Excerpt(body)}";
        return new AuthKitApiException(
            options.Redactor.Clean($"Pica answered {what} with HTTP {(int)api.StatusCode} ({api.StatusCode}){excerpt}"), api.StatusCode, body)
        {
            ErrorKey = envelope?.Key,
            ErrorCode = envelope?.Code,
            ErrorMessage = envelope?.Message,
            CorrelationId = envelope?.CorrelationId,
        };
    }

    private static string Excerpt(string body)
    {
        const int Max = 200;
        var flat = body.Trim();
        return flat.Length <= Max ? flat : string.Concat(flat.AsSpan(0, Max), "…");
    }
}
