using AuthKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AuthKit for .NET with <see cref="IServiceCollection"/> and IHttpClientFactory.</summary>
public static class AuthKitServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAuthKitToken"/> (singleton, thread-safe) and the Refit client
    /// <see cref="IPicaAuthKitApi"/>, with options set by <paramref name="configure"/> and validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <returns>The HTTP client builder of the Refit client, to add handlers or change the primary handler.</returns>
    /// <example><code>builder.Services.AddAuthKit(o => o.SecretKey = builder.Configuration["AuthKit:SecretKey"]!);</code></example>
    public static IHttpClientBuilder AddAuthKit(this IServiceCollection services, Action<AuthKitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AuthKitOptions>().Configure(configure);
        return AddAuthKitCore(services);
    }

    /// <summary>
    /// Registers <see cref="IAuthKitToken"/> (singleton, thread-safe) and the Refit client
    /// <see cref="IPicaAuthKitApi"/>, with options bound from <paramref name="section"/> and validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, usually <c>configuration.GetSection("AuthKit")</c>.</param>
    /// <returns>The HTTP client builder of the Refit client, to add handlers or change the primary handler.</returns>
    /// <example><code>builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));</code></example>
    public static IHttpClientBuilder AddAuthKit(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<AuthKitOptions>().Bind(section);
        return AddAuthKitCore(services);
    }

    private static IHttpClientBuilder AddAuthKitCore(IServiceCollection services)
    {
        services.AddOptions<AuthKitOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthKitOptions>, AuthKitOptionsValidator>());

        var builder = services
            .AddRefitGeneratedClient<IPicaAuthKitApi>(_ => AuthKitHttp.RefitSettings)
            .ConfigureHttpClient((sp, client) => AuthKitHttp.ConfigureClient(client, Options(sp)))
            .UseSocketsHttpHandler((handler, sp) => AuthKitHttp.ConfigurePrimaryHandler(handler, Options(sp)))
            // PooledConnectionLifetime recycles connections (DNS changes are picked up), so the handler can
            // live as long as the singleton facade that holds the client.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // IHttpClientFactory's default loggers log every header at Trace. Microsoft.Extensions.Http
            // 10.0 redacts the secret header only in the formatted message: the structured state that
            // Serilog, OpenTelemetry or the JSON console write out still holds the key. AuthKit logs its
            // own events, spans and metrics instead; the redaction stays for anyone who adds loggers back.
            .RemoveAllLoggers()
            .RedactLoggedHeaders([AuthKitHttp.SecretHeaderName]);

        // Outermost first: retries and attempt timeout, then a span per attempt, then the buffered body.
        builder.AddResilienceHandler("AuthKit", static (pipeline, context) =>
        {
            var sp = context.ServiceProvider;
            AuthKitResilience.Configure(pipeline, Options(sp), Logger(sp), sp.GetService<TimeProvider>());
        });
        builder.AddHttpMessageHandler(static () => new HttpAttemptHandler());
        builder.AddHttpMessageHandler(static sp => new ResponseBufferingHandler(Options(sp).MaxResponseBytes, Logger(sp)));

        services.TryAddSingleton<IAuthKitToken>(static sp => new AuthKitToken(
            sp.GetRequiredService<IPicaAuthKitApi>(),
            Options(sp),
            Logger(sp)));

        return builder;
    }

    // Reading Value validates the options on first use where no host ran ValidateOnStart.
    private static AuthKitOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<AuthKitOptions>>().Value;

    private static ILogger Logger(IServiceProvider sp) => sp.GetRequiredService<ILoggerFactory>().CreateLogger<AuthKitToken>();
}
