using AuthKit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the AuthKit health check: does Pica accept the app's secret key?</summary>
public static class AuthKitHealthChecksBuilderExtensions
{
    /// <summary>The registration's name unless <c>name</c> is given.</summary>
    public const string DefaultName = "authkit";

    /// <summary>
    /// Adds a health check that asks Pica whether it accepts the secret key (one <c>GET /v1/users/flags</c>
    /// through the client <c>AddAuthKit</c> registered) and keeps the answer for
    /// <see cref="AuthKitHealthCheckOptions.CacheDuration"/> (30 s by default), so that frequent probes cost
    /// Pica one call per period. Healthy when Pica answers; <paramref name="failureStatus"/> when it refuses
    /// the key (401/403: wrong or revoked) or answers another 4xx; Degraded when it cannot be reached, times
    /// out or answers 5xx. The description and data never hold the key nor Pica's answer.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The registration's name; default <see cref="DefaultName"/>.</param>
    /// <param name="failureStatus">Reported when Pica refuses the key; <see langword="null"/>: <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter the check by, e.g. <c>["ready"]</c> for a readiness endpoint.</param>
    /// <param name="configure">Sets the check's options (named <paramref name="name"/>); they are validated at start.</param>
    /// <returns>The builder, to chain more checks.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddHealthChecks().AddAuthKit(tags: ["ready"]);
    /// // …
    /// app.MapHealthChecks("/healthz");
    /// </code>
    /// </example>
    public static IHealthChecksBuilder AddAuthKit(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        Action<AuthKitHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        name ??= DefaultName;
        var options = builder.Services.AddOptions<AuthKitHealthCheckOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthKitHealthCheckOptions>, AuthKitHealthCheckOptionsValidator>());

        // One instance per registration for the app's lifetime (it holds the cached answer), whereas the
        // registration's factory runs for every health report.
        builder.Services.TryAddKeyedSingleton(name, static (sp, key) => Create(sp, (string)key!));
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => sp.GetRequiredKeyedService<AuthKitHealthCheck>(name),
            failureStatus,
            tags));
    }

    private static AuthKitHealthCheck Create(IServiceProvider sp, string name) =>
        new(
            sp.GetService<IPicaAuthKitApi>() ?? throw new InvalidOperationException(
                "Unable to find IPicaAuthKitApi for the AuthKit health check. Add it by calling 'services.AddAuthKit(...)' in the application startup code."),
            sp.GetRequiredService<IOptionsMonitor<AuthKitOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<AuthKitHealthCheckOptions>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            name);
}
