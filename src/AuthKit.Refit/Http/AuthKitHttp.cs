using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Refit;

namespace AuthKit;

/// <summary>The HTTP stack shared by the DI registration and the standalone <see cref="AuthKitToken"/>.</summary>
internal static class AuthKitHttp
{
    /// <summary>Every platform's secret header: what the loggers of IHttpClientFactory redact, whichever platform is chosen.</summary>
    public static readonly string[] SecretHeaderNames = [.. AuthKitPlatformDialect.All.Select(d => d.SecretHeader)];

    // HTTP/2 where Pica offers it: over TLS, ALPN picks h2 and the requests share a connection; a server
    // that offers only HTTP/1.1 gets HTTP/1.1. Over plain http (loopback: emulators, tests) HTTP/1.1 is
    // used, as RequestVersionOrLower never tries h2c without prior knowledge.
    // Answers are parsed from their buffered bytes in one piece (BufferedJsonSerializer).
    public static readonly RefitSettings RefitSettings = WithHttp2(new RefitSettings(
        new BufferedJsonSerializer(SystemTextJsonContentSerializer.ForContext(AuthKitJsonContext.Default), AuthKitJsonContext.Default.Options)));

    // One pool per connection lifetime and bound, shared by every standalone AuthKitToken, so that
    // creating a client per request reuses connections instead of exhausting sockets.
    private static readonly ConcurrentDictionary<(TimeSpan Lifetime, int? MaxConnections), SocketsHttpHandler> SharedPools = new();

    public static void ConfigureClient(HttpClient client, AuthKitOptions options)
    {
        client.BaseAddress = options.BaseUrl;
        // Attempts are bounded by the resilience pipeline's per-attempt timeout and retry count.
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        // No default headers: SecretKeyHandler puts the current key on each request.
        client.DefaultRequestVersion = HttpVersion.Version20;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
    }

    public static void ConfigurePrimaryHandler(SocketsHttpHandler handler, AuthKitOptions options)
    {
        handler.PooledConnectionLifetime = options.PooledConnectionLifetime;
        handler.AutomaticDecompression = DecompressionMethods.All;

        // A redirect would take X-Pica-Secret to the Location's host (custom headers are kept on
        // redirects); RedirectRefusalHandler reports it instead.
        handler.AllowAutoRedirect = false;

        // An error body is read only to ResponseBufferingHandler.ErrorBodyLimit; of the rest, only a
        // little is drained to keep the connection, beyond that the connection is dropped (the
        // default drains up to 1 MiB per answer).
        handler.MaxResponseDrainSize = 16 * 1024;

        // No System.Net.Http span or DiagnosticListener events for AuthKit's requests: the span records
        // the exception HttpClient threw, message included (an invalid header line quotes what the
        // server echoed, X-Pica-Secret included), before AuthKit can clean it, and the listener's events
        // hand the request, headers included, to every subscriber. The "AuthKit HTTP attempt" span
        // (kind Client) stands in for it; no traceparent header is sent to Pica.
        handler.ActivityHeadersPropagator = null;

        // Over HTTP/2 a connection carries as many requests at once as the server's stream limit
        // (SETTINGS_MAX_CONCURRENT_STREAMS, often 100); past it, requests would queue for a free stream.
        // A worker with 64 callers and 3 pages in flight each needs more: a second connection is opened
        // only when the first is full, so a token endpoint keeps to one.
        handler.EnableMultipleHttp2Connections = true;

        // The only bound on connections SocketsHttpHandler keeps: it counts the ones being opened, so a
        // connection attempt that outlives the request that started it still takes a place.
        if (options.MaxConnectionsPerServer is { } maxConnections)
        {
            handler.MaxConnectionsPerServer = maxConnections;
        }
    }

    private static RefitSettings WithHttp2(RefitSettings settings)
    {
        settings.Version = HttpVersion.Version20;
        settings.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        return settings;
    }

    public static IPicaAuthKitApi CreateStandaloneApi(ValidatedOptions options, ILogger logger) =>
        RestService.ForGenerated<IPicaAuthKitApi>(CreateStandaloneClient(options, logger), RefitSettings);

    internal static IPicaAuthKitApi CreateStandaloneApi(ValidatedOptions options, ILogger logger, HttpMessageHandler primaryHandler) =>
        RestService.ForGenerated<IPicaAuthKitApi>(CreateStandaloneClient(options, logger, primaryHandler), RefitSettings);

    /// <summary>The standalone HttpClient over the shared socket pool: what both Refit interfaces run on.</summary>
    public static HttpClient CreateStandaloneClient(ValidatedOptions options, ILogger logger) =>
        CreateStandaloneClient(options, logger, SharedPool(options));

    public static SocketsHttpHandler SharedPool(ValidatedOptions options) =>
        SharedPools.GetOrAdd((options.Current.PooledConnectionLifetime, options.Current.MaxConnectionsPerServer), static (_, o) =>
        {
            var handler = new SocketsHttpHandler();
            ConfigurePrimaryHandler(handler, o);
            return handler;
        }, options.Current);

    // The same chain over any primary handler: the standalone client passes the shared pool, the
    // benchmarks an in-memory handler. The primary handler is never disposed by the chain.
    internal static HttpClient CreateStandaloneClient(ValidatedOptions options, ILogger logger, HttpMessageHandler primaryHandler)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        AuthKitResilience.Configure(pipeline, options.Current, options.Redactor, logger);

        // As AddAuthKit builds it: retries, a span per attempt, the buffered body, the key, the redirect
        // refusal, the cleaning of transport errors.
        var handlers = new ResilienceHandler(pipeline.Build())
        {
            InnerHandler = new HttpAttemptHandler(options.Redactor)
            {
                InnerHandler = new ResponseBufferingHandler(options, logger)
                {
                    InnerHandler = new SecretKeyHandler(options)
                    {
                        InnerHandler = new RedirectRefusalHandler(options, logger)
                        {
                            InnerHandler = new TransportErrorRedactionHandler(options.Redactor) { InnerHandler = primaryHandler },
                        },
                    },
                },
            },
        };

        // The chain is never disposed: disposing it would dispose the shared pool.
        var client = new HttpClient(handlers, disposeHandler: false);
        ConfigureClient(client, options.Current);
        return client;
    }
}
