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
    public const string SecretHeaderName = "X-Pica-Secret";

    public static readonly RefitSettings RefitSettings = RefitSettings.ForJsonContext(AuthKitJsonContext.Default);

    // One pool per connection lifetime, shared by every standalone AuthKitToken, so that creating a
    // client per request reuses connections instead of exhausting sockets.
    private static readonly ConcurrentDictionary<TimeSpan, SocketsHttpHandler> SharedPools = new();

    public static void ConfigureClient(HttpClient client, AuthKitOptions options)
    {
        client.BaseAddress = options.BaseUrl;
        // Attempts are bounded by the resilience pipeline's per-attempt timeout and retry count.
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        // The key was validated as visible ASCII, so skipping HttpHeaders' parser cannot inject a header;
        // the parser's own error message would quote the value.
        client.DefaultRequestHeaders.TryAddWithoutValidation(SecretHeaderName, options.SecretKey);
    }

    public static void ConfigurePrimaryHandler(SocketsHttpHandler handler, AuthKitOptions options)
    {
        handler.PooledConnectionLifetime = options.PooledConnectionLifetime;
        handler.AutomaticDecompression = DecompressionMethods.All;
    }

    public static IPicaAuthKitApi CreateStandaloneApi(AuthKitOptions options, ILogger logger)
    {
        var pool = SharedPools.GetOrAdd(options.PooledConnectionLifetime, static (_, o) =>
        {
            var handler = new SocketsHttpHandler();
            ConfigurePrimaryHandler(handler, o);
            return handler;
        }, options);

        return CreateStandaloneApi(options, logger, pool);
    }

    // The same chain over any primary handler: the standalone client passes the shared pool, the
    // benchmarks an in-memory handler. The primary handler is never disposed by the chain.
    internal static IPicaAuthKitApi CreateStandaloneApi(AuthKitOptions options, ILogger logger, HttpMessageHandler primaryHandler)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        AuthKitResilience.Configure(pipeline, options, logger);

        var handlers = new ResilienceHandler(pipeline.Build())
        {
            InnerHandler = new HttpAttemptHandler
            {
                InnerHandler = new ResponseBufferingHandler(options.MaxResponseBytes, logger) { InnerHandler = primaryHandler },
            },
        };

        // The chain is never disposed: disposing it would dispose the shared pool.
        var client = new HttpClient(handlers, disposeHandler: false);
        ConfigureClient(client, options);
        return RestService.ForGenerated<IPicaAuthKitApi>(client, RefitSettings);
    }
}
