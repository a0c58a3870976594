using AuthKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services of the AuthKit token endpoint (<c>app.MapAuthKitToken()</c>).</summary>
public static class AuthKitEndpointServiceCollectionExtensions
{
    /// <summary>
    /// Registers the token endpoint's services, with options bound from <paramref name="section"/>,
    /// normalized and validated at start. Call <c>AddAuthKit</c> too: the endpoint creates tokens with
    /// the <see cref="IAuthKitToken"/> it registers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section, usually <c>configuration.GetSection(AuthKitEndpointOptions.SectionName)</c> (<c>AuthKit:Endpoint</c>).</param>
    /// <returns>The options builder, to chain <c>.Configure(o => o.ResolveIdentity = …)</c>.</returns>
    /// <example><code>builder.Services.AddAuthKitEndpoint(builder.Configuration.GetSection(AuthKitEndpointOptions.SectionName));</code></example>
    public static OptionsBuilder<AuthKitEndpointOptions> AddAuthKitEndpoint(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        return AddAuthKitEndpointCore(services).Bind(section);
    }

    /// <summary>
    /// Registers the token endpoint's services with the default options (Pica's origin, the signed-in
    /// user), normalized and validated at start. Call <c>AddAuthKit</c> too: the endpoint creates tokens
    /// with the <see cref="IAuthKitToken"/> it registers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The options builder, to chain more configuration.</returns>
    /// <example><code>builder.Services.AddAuthKitEndpoint();</code></example>
    public static OptionsBuilder<AuthKitEndpointOptions> AddAuthKitEndpoint(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddAuthKitEndpointCore(services);
    }

    /// <summary>
    /// Registers the token endpoint's services, with options set by <paramref name="configure"/>,
    /// normalized and validated at start. Call <c>AddAuthKit</c> too: the endpoint creates tokens with
    /// the <see cref="IAuthKitToken"/> it registers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder, to chain more configuration.</returns>
    /// <example><code>builder.Services.AddAuthKitEndpoint(o => o.AllowedHeaders.Add("X-Csrf-Token"));</code></example>
    public static OptionsBuilder<AuthKitEndpointOptions> AddAuthKitEndpoint(this IServiceCollection services, Action<AuthKitEndpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddAuthKitEndpointCore(services).Configure(configure);
    }

    private static OptionsBuilder<AuthKitEndpointOptions> AddAuthKitEndpointCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AuthKitEndpointOptions>, AuthKitEndpointOptionsDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthKitEndpointOptions>, AuthKitEndpointOptionsValidator>());
        services.TryAddSingleton<AuthKitEndpointMarker>();
        services.TryAddSingleton<RefusedPreflightLog>();
        services.TryAddSingleton<TokenEndpointCors>();
        services.TryAddSingleton<TokenEndpointHandler>();
        services.TryAddSingleton<ConnectionsEndpointHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, TokenEndpointStartupFilter>());
        return services.AddOptions<AuthKitEndpointOptions>().ValidateOnStart();
    }
}
