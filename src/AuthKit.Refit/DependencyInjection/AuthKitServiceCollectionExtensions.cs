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
    /// Registers <see cref="IAuthKitToken"/>, <see cref="IPicaConnections"/> and <see cref="IPicaCatalog"/> (singletons, thread-safe) and the Refit client
    /// <see cref="IPicaAuthKitApi"/>, with options set by <paramref name="configure"/> and validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="AuthKitOptions.SecretKey"/> is required.</param>
    /// <returns>
    /// The HTTP client builder of the Refit client, to add handlers or change the primary handler. A
    /// primary handler you configure must keep redirects off (<c>AllowAutoRedirect = false</c>): one that
    /// follows them sends <c>X-Pica-Secret</c> to the redirect's target (AuthKit still refuses the answer).
    /// <c>UseSocketsHttpHandler((handler, _) => …)</c> configures AuthKit's own SocketsHttpHandler further.
    /// </returns>
    /// <remarks>
    /// The client works on a validated copy of the options: editing <c>IOptions&lt;AuthKitOptions&gt;.Value</c>
    /// after start changes nothing. Which options follow a change of configuration without a restart:
    /// see <see cref="AddAuthKit(IServiceCollection, IConfiguration)"/>.
    /// </remarks>
    /// <example><code>builder.Services.AddAuthKit(o => o.SecretKey = builder.Configuration["AuthKit:SecretKey"]!);</code></example>
    public static IHttpClientBuilder AddAuthKit(this IServiceCollection services, Action<AuthKitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AuthKitOptions>().Configure(configure);
        return AddAuthKitCore(services);
    }

    /// <summary>
    /// Registers <see cref="IAuthKitToken"/>, <see cref="IPicaConnections"/> and <see cref="IPicaCatalog"/> (singletons, thread-safe) and the Refit client
    /// <see cref="IPicaAuthKitApi"/>, with options bound from <paramref name="section"/> and validated at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, usually <c>configuration.GetSection("AuthKit")</c>.</param>
    /// <returns>
    /// The HTTP client builder of the Refit client, to add handlers or change the primary handler. A
    /// primary handler you configure must keep redirects off (<c>AllowAutoRedirect = false</c>): one that
    /// follows them sends <c>X-Pica-Secret</c> to the redirect's target (AuthKit still refuses the answer).
    /// </returns>
    /// <remarks>
    /// The client works on a validated copy of the options, never on the options object itself (editing
    /// <c>IOptions&lt;AuthKitOptions&gt;.Value</c> after start changes nothing). It follows changes of its
    /// configuration (a reloaded <c>appsettings.json</c>, a refreshed secret store) without a restart:
    /// a valid change of <see cref="AuthKitOptions.SecretKey"/> is sent from the next request on, and so
    /// do <see cref="AuthKitOptions.PageSize"/>, <see cref="AuthKitOptions.MaxConcurrentPageRequests"/>,
    /// <see cref="AuthKitOptions.MaxPages"/>, <see cref="AuthKitOptions.FlagsGracePeriod"/>,
    /// <see cref="AuthKitOptions.WhiteLabelCacheDuration"/>,
    /// <see cref="AuthKitOptions.MaxResponseBytes"/>, <see cref="AuthKitOptions.MaxTokenBytes"/> and
    /// <see cref="AuthKitOptions.TotalTimeout"/> apply from the next call. <see cref="AuthKitOptions.BaseUrl"/>,
    /// <see cref="AuthKitOptions.PooledConnectionLifetime"/>, <see cref="AuthKitOptions.MaxRetries"/>,
    /// <see cref="AuthKitOptions.Timeout"/>, <see cref="AuthKitOptions.RetryDelay"/> and
    /// <see cref="AuthKitOptions.MaxRetryDelay"/> shape the HTTP pipeline and are fixed at start: a
    /// reload that changes one of them is refused whole (a key that came with a new address never goes
    /// to the old one). An invalid reload is refused too. A refused reload is logged (event 7,
    /// <c>OptionsReloadRefused</c>, never quoting a key) and the last valid options stay in use; an
    /// applied one is logged as event 6, <c>OptionsReloaded</c>, naming the options that changed.
    /// </remarks>
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

        // What every part of the client reads: a validated copy of the options that follows reloads.
        services.TryAddSingleton(static sp => AuthKitOptionsReload.Follow(sp, Logger(sp)));

        var builder = services
            .AddRefitGeneratedClient<IPicaAuthKitApi>(_ => AuthKitHttp.RefitSettings)
            .ConfigureHttpClient((sp, client) => AuthKitHttp.ConfigureClient(client, Options(sp).Current))
            .UseSocketsHttpHandler((handler, sp) => AuthKitHttp.ConfigurePrimaryHandler(handler, Options(sp).Current))
            // PooledConnectionLifetime recycles connections (DNS changes are picked up), so the handler can
            // live as long as the singleton facade that holds the client.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // IHttpClientFactory's default loggers log every header at Trace. Microsoft.Extensions.Http
            // 10.0 redacts the secret header only in the formatted message: the structured state that
            // Serilog, OpenTelemetry or the JSON console write out still holds the key. AuthKit logs its
            // own events, spans and metrics instead; the redaction stays for anyone who adds loggers back.
            .RemoveAllLoggers()
            .RedactLoggedHeaders(AuthKitHttp.SecretHeaderNames);

        // Outermost first: retries and attempt timeout, then a span per attempt, then the buffered body,
        // then the key put on each request, then the refusal of redirects, then the cleaning of what the
        // primary handler throws. Handlers added to the returned builder come after (inside) these.
        builder.AddResilienceHandler("AuthKit", static (pipeline, context) =>
        {
            var sp = context.ServiceProvider;
            var options = Options(sp);
            AuthKitResilience.Configure(pipeline, options.Current, options.Redactor, Logger(sp), sp.GetService<TimeProvider>());
        });
        builder.AddHttpMessageHandler(static sp => new HttpAttemptHandler(Options(sp).Redactor));
        builder.AddHttpMessageHandler(static sp => new ResponseBufferingHandler(Options(sp), Logger(sp)));
        builder.AddHttpMessageHandler(static sp => new SecretKeyHandler(Options(sp)));
        builder.AddHttpMessageHandler(static sp => new RedirectRefusalHandler(Options(sp), Logger(sp)));
        builder.AddHttpMessageHandler(static sp => new TransportErrorRedactionHandler(Options(sp).Redactor));

        services.TryAddSingleton<IAuthKitToken>(static sp => new AuthKitToken(
            sp.GetRequiredService<IPicaAuthKitApi>(),
            Options(sp),
            Logger(sp),
            sp.GetService<TimeProvider>()));

        // The Vault API runs on the token's named HttpClient: the same handlers, pool, key and rotation,
        // and whatever the application adds to the returned builder.
        var clientName = builder.Name;

        // The passthrough's own pool, with no handler of the factory's above it: the passthrough client's
        // handler puts the keys on, cleans transport errors, and decides retries and streaming per request.
        services.AddHttpClient(PassthroughClientName)
            .UseSocketsHttpHandler((handler, sp) => AuthKitHttp.ConfigurePrimaryHandler(handler, Options(sp).Current))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .RedactLoggedHeaders([.. AuthKitHttp.SecretHeaderNames, .. AuthKitPlatformDialect.All.Select(d => d.ConnectionKeyHeader)]);

        services.TryAddSingleton<IPicaCatalog>(sp => new PicaCatalog(
            PicaCatalog.CreateApi(sp.GetRequiredService<IHttpClientFactory>().CreateClient(clientName)),
            Options(sp),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<PicaCatalog>(),
            sp.GetService<TimeProvider>()));

        services.TryAddSingleton<IPicaConnections>(sp => new PicaConnections(
            RestService.ForGenerated<IPicaVaultApi>(sp.GetRequiredService<IHttpClientFactory>().CreateClient(clientName), AuthKitHttp.RefitSettings),
            Options(sp),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<PicaConnections>(),
            sp.GetService<TimeProvider>(),
            () => sp.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(PassthroughClientName),
            sp.GetRequiredService<IPicaCatalog>()));

        return builder;
    }

    private const string PassthroughClientName = "AuthKit.Passthrough";

    // Resolving it validates the options on first use where no host ran ValidateOnStart.
    private static ValidatedOptions Options(IServiceProvider sp) => sp.GetRequiredService<ValidatedOptions>();

    private static ILogger Logger(IServiceProvider sp) => sp.GetRequiredService<ILoggerFactory>().CreateLogger<AuthKitToken>();
}
