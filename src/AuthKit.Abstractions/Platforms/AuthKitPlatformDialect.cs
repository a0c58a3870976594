namespace AuthKit;

/// <summary>
/// Everything that differs between the platforms the SDK speaks to, as data: the token client, the Vault,
/// the passthrough, the endpoints, the health check and the emulator all read it, so that choosing
/// <see cref="AuthKitOptions.Platform"/> changes every layer at once. Get one with <see cref="For"/>.
/// </summary>
public sealed class AuthKitPlatformDialect
{
    private AuthKitPlatformDialect(
        AuthKitPlatform platform, string name, Uri baseUrl, IReadOnlyList<string> knownHosts, string prefix, string tokenPath,
        bool callsWhiteLabelFlags, string healthCheckPath, string frontendOrigin)
    {
        Platform = platform;
        Name = name;
        BaseUrl = baseUrl;
        KnownHosts = knownHosts;
        SecretHeader = $"X-{name}-Secret";
        ConnectionKeyHeader = $"x-{prefix}-connection-key";
        ActionIdHeader = $"x-{prefix}-action-id";
        TokenPath = tokenPath;
        CallsWhiteLabelFlags = callsWhiteLabelFlags;
        HealthCheckPath = healthCheckPath;
        FrontendOrigin = frontendOrigin;
    }

    /// <summary>Pica: <c>https://api.picaos.com</c>, <c>X-Pica-Secret</c>, <c>x-pica-*</c>, <c>POST /v1/authkit</c>, the flags call.</summary>
    public static AuthKitPlatformDialect Pica { get; } = new(
        AuthKitPlatform.Pica, "Pica", new Uri("https://api.picaos.com"), ["api.picaos.com"], "pica", "/v1/authkit",
        callsWhiteLabelFlags: true, healthCheckPath: "/v1/users/flags", frontendOrigin: "https://authkit.picaos.com");

    /// <summary>One: <c>https://api.withone.ai</c>, <c>X-One-Secret</c>, <c>x-one-*</c>, <c>POST /v1/authkit/token</c>, no flags call.</summary>
    public static AuthKitPlatformDialect One { get; } = new(
        AuthKitPlatform.One, "One", new Uri("https://api.withone.ai"), ["api.withone.ai"], "one", "/v1/authkit/token",
        callsWhiteLabelFlags: false, healthCheckPath: "/v1/users/whoami", frontendOrigin: "https://auth.withone.ai");

    /// <summary>Both platforms, Pica first.</summary>
    public static IReadOnlyList<AuthKitPlatformDialect> All { get; } = [Pica, One];

    /// <summary>
    /// Prefixes of the integration's headers as the platform renames them on a passthrough answer
    /// (<c>x-pica-passthrough-</c>; <c>x-one-passthrough-</c> should One rename them): not pinned, so both
    /// are read whichever platform is chosen.
    /// </summary>
    public static IReadOnlyList<string> RenamedHeaderPrefixes { get; } = ["x-pica-passthrough-", "x-one-passthrough-"];

    /// <summary>Prefixes of the platform's rate-limit headers (<c>…rate-limit-limit</c>, <c>-remainings</c>, <c>-reset</c>): not pinned for One, so both are read.</summary>
    public static IReadOnlyList<string> RateLimitHeaderPrefixes { get; } = ["x-pica-rate-limit-", "x-one-rate-limit-"];

    /// <summary>Which platform this is.</summary>
    public AuthKitPlatform Platform { get; }

    /// <summary>The platform's name for messages, <c>Pica</c> or <c>One</c>.</summary>
    public string Name { get; }

    /// <summary>The platform's API, used when <see cref="AuthKitOptions.BaseUrl"/> is not set.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Hosts that are this platform's API: a <see cref="AuthKitOptions.BaseUrl"/> on one of them with the other platform chosen is refused at start.</summary>
    public IReadOnlyList<string> KnownHosts { get; }

    /// <summary>The header that carries the secret key, <c>X-Pica-Secret</c> or <c>X-One-Secret</c>.</summary>
    public string SecretHeader { get; }

    /// <summary>The passthrough's connection key header, <c>x-pica-connection-key</c> or <c>x-one-connection-key</c>.</summary>
    public string ConnectionKeyHeader { get; }

    /// <summary>The passthrough's action id header, <c>x-pica-action-id</c> or <c>x-one-action-id</c>.</summary>
    public string ActionIdHeader { get; }

    /// <summary>The path of one page of the token: <c>/v1/authkit</c> or <c>/v1/authkit/token</c>.</summary>
    public string TokenPath { get; }

    /// <summary>Whether the token asks for the white-label flag (<c>GET /v1/users/flags</c>); no One client does, so on One <c>isWhiteLabel</c> is <see langword="false"/>.</summary>
    public bool CallsWhiteLabelFlags { get; }

    /// <summary>What the health check asks: <c>/v1/users/flags</c> on Pica, <c>/v1/users/whoami</c> on One (401: the key is refused).</summary>
    public string HealthCheckPath { get; }

    /// <summary>The origin of the platform's hosted AuthKit page (the iframe that calls your token endpoint): the endpoint's default CORS origin.</summary>
    public string FrontendOrigin { get; }

    /// <summary>The description of <paramref name="platform"/>.</summary>
    /// <param name="platform">The platform.</param>
    /// <returns><see cref="Pica"/> or <see cref="One"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> is not a defined value.</exception>
    public static AuthKitPlatformDialect For(AuthKitPlatform platform) => platform switch
    {
        AuthKitPlatform.Pica => Pica,
        AuthKitPlatform.One => One,
        _ => throw new ArgumentOutOfRangeException(nameof(platform), "AuthKitPlatform must be Pica or One."),
    };

    /// <summary>The platform whose API <paramref name="url"/> is on, from <see cref="KnownHosts"/>; <see langword="null"/> for any other host.</summary>
    /// <param name="url">An absolute URL.</param>
    /// <returns>The platform, or <see langword="null"/>.</returns>
    public static AuthKitPlatformDialect? OwnerOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return null;
        }

        foreach (var dialect in All)
        {
            foreach (var host in dialect.KnownHosts)
            {
                if (string.Equals(url.IdnHost, host, StringComparison.OrdinalIgnoreCase))
                {
                    return dialect;
                }
            }
        }

        return null;
    }

    /// <summary>The platform's name.</summary>
    /// <returns><see cref="Name"/>.</returns>
    public override string ToString() => Name;
}
