using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// Fills in the defaults and normalizes what was configured, after every Configure and Bind step.
/// </summary>
/// <remarks>
/// The defaults cannot be the lists' initial contents: the configuration binder appends to a list it
/// finds filled, so <c>AllowedOrigins:0=https://x.example</c> would allow the platform's origin as well as
/// the one configured. An empty list therefore means "not configured". Values that are not valid are
/// left as they are, for <see cref="AuthKitEndpointOptionsValidator"/> to name them.
/// </remarks>
internal sealed class AuthKitEndpointOptionsDefaults(IOptions<AuthKitOptions> sdk) : IPostConfigureOptions<AuthKitEndpointOptions>
{
    public void PostConfigure(string? name, AuthKitEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The default origin is the chosen platform's hosted page: Pica's or One's iframe.
        Normalize(options.AllowedOrigins, AuthKitEndpointOptions.DefaultAllowedOriginsFor(sdk.Value.Platform), static value =>
            OriginNormalizer.TryNormalize(value, out var origin, out _) ? origin : value, StringComparer.Ordinal);
        Normalize(options.AllowedHeaders, AuthKitEndpointOptions.DefaultAllowedHeaders, static value =>
            value?.Trim() ?? value!, StringComparer.OrdinalIgnoreCase);
    }

    private static void Normalize(IList<string> list, IReadOnlyList<string> defaults, Func<string, string> normalize, StringComparer comparer)
    {
        var values = list.Count == 0 ? defaults : list.Select(normalize).Distinct(comparer).ToArray();
        list.Clear();
        foreach (var value in values)
        {
            list.Add(value);
        }
    }
}
