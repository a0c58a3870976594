using Refit;

namespace AuthKit;

/// <summary>
/// Pica's AuthKit token API, one method per endpoint, implemented by Refit's source generator.
/// Most code should use <see cref="IAuthKitToken"/>, which adds validation, pagination, the
/// white-label flag and typed errors; this interface is for callers who need the raw pages.
/// </summary>
/// <remarks>
/// <para>
/// Registered by <c>AddAuthKit</c>, whose HTTP pipeline speaks <see cref="AuthKitOptions.Platform"/>'s
/// dialect (<see cref="AuthKitPlatformDialect"/>): it adds the secret header, <c>X-Pica-Secret</c> or
/// <c>X-One-Secret</c> (the current key, per request), sends a token page to the platform's path
/// (<c>/v1/authkit</c> or <c>/v1/authkit/token</c>), retries, the answer size limit, the refusal of redirects and of answers
/// from anywhere but <see cref="AuthKitOptions.BaseUrl"/>. Non-success answers surface as Refit's
/// <see cref="ApiException"/>, with at most the first 4 KiB of the body as its content.
/// </para>
/// <para>
/// Refit's exceptions (<see cref="ApiException"/>, <see cref="ApiRequestException"/>) carry the
/// request (<c>RequestMessage</c>), headers included, and their messages and content are the server's
/// text, unredacted. AuthKit takes <c>X-Pica-Secret</c> off the request once the answer is in, but a
/// handler of yours that runs before that sees it, and a server can echo the key in its body: never log
/// these exceptions whole, or their <c>RequestMessage</c> or <c>Content</c>. <see cref="IAuthKitToken"/>
/// never lets them out: it throws <see cref="AuthKitException"/>s, cleaned of the key in any encoding.
/// </para>
/// </remarks>
public interface IPicaAuthKitApi
{
    /// <summary>
    /// <c>POST /v1/authkit?limit={limit}&amp;page={page}</c>: one page of the AuthKit token (on One, the
    /// pipeline sends it to <c>/v1/authkit/token</c>).
    /// </summary>
    /// <param name="limit">Connections per page.</param>
    /// <param name="page">The page, starting at 1.</param>
    /// <param name="request">Who the token is for; only the fields that are set are sent.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page as Pica sent it.</returns>
    [Post("/v1/authkit")]
    Task<AuthKitTokenResponse> CreateTokenPageAsync(
        [Query] int limit,
        [Query] int page,
        [Body(buffered: true)] AuthKitTokenRequest request,
        CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/users/flags</c>: the account's feature flags, among them the white-label flag.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The flags.</returns>
    [Get("/v1/users/flags")]
    Task<PicaUserFlags> GetUserFlagsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /v1/users/whoami</c>: One's check of the key (the account's user, organization and project);
    /// 401 when the key is refused. The health check's call on <see cref="AuthKitPlatform.One"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the platform accepted the key.</returns>
    [Get("/v1/users/whoami")]
    Task GetWhoAmIAsync(CancellationToken cancellationToken = default);
}
