using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AuthKit;

/// <summary>
/// The one retry layer of the SDK: transient answers (408, 429, 5xx), transport failures and attempts
/// over <see cref="AuthKitOptions.Timeout"/> are retried with exponential backoff and jitter,
/// honouring <c>Retry-After</c> up to <see cref="AuthKitOptions.MaxRetryDelay"/>. Every other
/// answer is final. Used by both the DI registration and the standalone client.
/// </summary>
internal static class AuthKitResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, AuthKitOptions options, Redactor redactor, ILogger logger, TimeProvider? timeProvider = null)
    {
        if (timeProvider is not null)
        {
            builder.TimeProvider = timeProvider;
        }

        // No Polly telemetry for this pipeline (Microsoft.Extensions.Http.Resilience gives every pipeline
        // it builds a listener that logs each attempt and meters each event): AuthKit logs its own retries
        // (RetryScheduled, naming the request) and counts them (authkit.retries). Only this builder's
        // listener is cleared: the application's own resilience pipelines keep theirs.
        builder.TelemetryListener = null;

        var clock = timeProvider ?? TimeProvider.System;
        var maxDelay = options.MaxRetryDelay;

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = maxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    IsRetryable(args.Context.GetRequestMessage()) && ShouldRetry(args.Outcome, maxDelay, clock)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, clock)),
                OnRetry = args =>
                {
                    var reason = redactor.Clean(Describe(args.Outcome));
                    AuthKitTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("authkit.retry.reason", ReasonTag(args.Outcome)));
                    // The request in flight, which ResilienceHandler keeps in the context: page N, or the flag.
                    var request = PicaRequestName.Of(args.Context.GetRequestMessage());
                    AuthKitLog.RetryScheduled(logger, request, args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay.TotalMilliseconds, reason);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.Timeout);
    }

    // A PATCH is never retried: a tag update whose answer was lost may have been applied, and a retry
    // would replace a set someone else wrote in between. GET, POST of a token page (a read) and DELETE
    // of one id (the same end state however often it arrives) are.
    private static bool IsRetryable(HttpRequestMessage? request) => request?.Method != HttpMethod.Patch;

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxDelay, TimeProvider clock) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } when IsTransient(response.StatusCode) =>
            // A Retry-After beyond what we are willing to wait is reported at once, not waited for.
            RetryAfter(response, clock) is not { } wait || wait <= maxDelay,
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider clock)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        var wait = header.Delta ?? (header.Date is { } date ? date - clock.GetUtcNow() : null);
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    internal static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "the attempt timed out",
        { Exception: HttpRequestException ex } => $"transport failure ({ex.HttpRequestError})",
        { Exception: { } ex } => ex.GetType().Name,
        { Result: { } response } => $"HTTP {(int)response.StatusCode} ({response.StatusCode})",
        _ => "unknown",
    };

    private static string ReasonTag(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timeout",
        { Exception: HttpRequestException } => "transport",
        { Result: { } response } => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "other",
    };
}
