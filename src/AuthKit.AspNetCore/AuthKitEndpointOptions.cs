using Microsoft.AspNetCore.Http;

namespace AuthKit;

/// <summary>
/// Settings of the token endpoint mapped by <c>app.MapAuthKitToken()</c>: who may call it from a
/// browser (CORS) and who the token is for. Bind them from configuration (section
/// <c>AuthKit:Endpoint</c> by convention) or set them in code; they are normalized and validated at start.
/// </summary>
/// <remarks>
/// Pica's AuthKit modal is an iframe served from Pica's origin (<c>https://authkit.picaos.com</c>
/// unless the frontend sets <c>baseUrl</c>); that iframe, not your page, POSTs to the endpoint. So the
/// origin to allow is the iframe's, and the headers to allow are the ones your frontend puts in
/// <c>token.headers</c>.
/// </remarks>
public sealed class AuthKitEndpointOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "AuthKit:Endpoint";

    /// <summary>
    /// The origins allowed when <see cref="AllowedOrigins"/> is left empty on <see cref="AuthKitPlatform.Pica"/>:
    /// Pica's hosted AuthKit page. On <see cref="AuthKitPlatform.One"/> it is One's (<see cref="DefaultAllowedOriginsFor"/>).
    /// </summary>
    public static IReadOnlyList<string> DefaultAllowedOrigins { get; } = [AuthKitPlatformDialect.Pica.FrontendOrigin];

    /// <summary>
    /// The origins allowed when <see cref="AllowedOrigins"/> is left empty: the hosted AuthKit page of the
    /// platform chosen by <c>AuthKit:Platform</c>, <c>https://authkit.picaos.com</c> or <c>https://auth.withone.ai</c>.
    /// </summary>
    /// <param name="platform">The platform.</param>
    /// <returns>The platform's hosted page's origin.</returns>
    public static IReadOnlyList<string> DefaultAllowedOriginsFor(AuthKitPlatform platform) =>
        Enum.IsDefined(platform) ? [AuthKitPlatformDialect.For(platform).FrontendOrigin] : DefaultAllowedOrigins;

    /// <summary>The request headers allowed when <see cref="AllowedHeaders"/> is left empty.</summary>
    public static IReadOnlyList<string> DefaultAllowedHeaders { get; } = ["Authorization", "Content-Type"];

    /// <summary>The preflight max-age unless <see cref="PreflightMaxAge"/> says otherwise: 10 minutes.</summary>
    public static readonly TimeSpan DefaultPreflightMaxAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The browser origins (<c>scheme://host[:port]</c>) allowed to call the endpoint: the origin of the
    /// AuthKit iframe, not of your own page. Compared exactly (never reflected, never <c>*</c>); a trailing
    /// slash is dropped and the scheme and host are lower-cased at start; a path, a query, a wildcard or a
    /// scheme other than http/https fails the start. Left empty: the chosen platform's hosted page
    /// (<see cref="DefaultAllowedOriginsFor"/>: <c>https://authkit.picaos.com</c> on Pica, <c>https://auth.withone.ai</c> on One).
    /// Setting any origin replaces the default (add the platform's origin yourself to keep it).
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// The request headers the iframe may send: the names your frontend puts in <c>token.headers</c>, plus
    /// <c>Content-Type</c> (the iframe posts JSON). Header names only (HTTP tokens, no <c>*</c>). Left empty:
    /// <see cref="DefaultAllowedHeaders"/>; setting any header replaces the default.
    /// </summary>
    public IList<string> AllowedHeaders { get; } = new List<string>();

    /// <summary>
    /// Whether the browser may send cookies (<c>Access-Control-Allow-Credentials: true</c>). Default
    /// <see langword="false"/>: the iframe authenticates the user with the headers of <c>token.headers</c>.
    /// </summary>
    public bool AllowCredentials { get; set; }

    /// <summary>
    /// How long a browser may cache a preflight answer (<c>Access-Control-Max-Age</c>), between zero and
    /// 24 hours. Default 10 minutes: a user opening the modal again within a session skips the preflight,
    /// and a change of <see cref="AllowedOrigins"/> or <see cref="AllowedHeaders"/> reaches every browser
    /// within 10 minutes. Chromium caps the value at 2 hours, Firefox at 24.
    /// </summary>
    public TimeSpan PreflightMaxAge { get; set; } = DefaultPreflightMaxAge;

    /// <summary>
    /// Decides who the token is for, from the request. <see langword="null"/> (the default): the
    /// authenticated <see cref="HttpContext.User"/>, its <c>ClaimTypes.NameIdentifier</c> claim, else its
    /// <c>sub</c> claim, as an <see cref="IdentityType.User"/>. Return <see langword="null"/> when there is no
    /// identity (the endpoint answers 401). Build the identity from the authenticated user, never from
    /// something the browser sends unchecked (a header, the body, the query string).
    /// </summary>
    /// <example>
    /// <code>
    /// options.ResolveIdentity = context => ValueTask.FromResult(
    ///     context.User.FindFirst("team_id")?.Value is { } team
    ///         ? new AuthKitTokenRequest { Identity = team, IdentityType = IdentityType.Team }
    ///         : null);
    /// </code>
    /// </example>
    public Func<HttpContext, ValueTask<AuthKitTokenRequest?>>? ResolveIdentity { get; set; }
}
