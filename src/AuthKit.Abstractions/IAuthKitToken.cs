namespace AuthKit;

/// <summary>
/// Creates Pica AuthKit tokens: the answer your backend returns, unchanged, to the AuthKit
/// frontend. Implementations are thread-safe and meant to be held for the life of the process.
/// </summary>
/// <remarks>
/// The interface has only these three members so that a test double needs little else; the
/// <c>(identity, identityType)</c> overloads are extension methods in <see cref="AuthKitTokenExtensions"/>.
/// <see cref="CreatePageAsync"/> is a member, not a default method, because it must go through the
/// client's validation, retries and bounds: an implementation of your own implements it too.
/// </remarks>
public interface IAuthKitToken
{
    /// <summary>Creates the AuthKit token for <paramref name="request"/>, fetching every page of connections.</summary>
    /// <param name="request">Who the token is for; <see langword="null"/> sends an empty request.</param>
    /// <param name="cancellationToken">Cancels the request; the pages in flight are cancelled too.</param>
    /// <returns>The token, ready to be serialized to the frontend.</returns>
    /// <exception cref="ArgumentException">The request is invalid; nothing was sent.</exception>
    /// <exception cref="AuthKitApiException">Pica answered with a non-success status.</exception>
    /// <exception cref="AuthKitException">Pica could not be reached, timed out or sent an unusable answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<AuthKitTokenResponse> CreateAsync(AuthKitTokenRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Blocking version of <see cref="CreateAsync(AuthKitTokenRequest?, CancellationToken)"/> for code
    /// that cannot be asynchronous. Safe under a single-threaded <see cref="SynchronizationContext"/>.
    /// </summary>
    /// <param name="request">Who the token is for; <see langword="null"/> sends an empty request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentException">The request is invalid; nothing was sent.</exception>
    /// <exception cref="AuthKitApiException">Pica answered with a non-success status.</exception>
    /// <exception cref="AuthKitException">Pica could not be reached, timed out or sent an unusable answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    AuthKitTokenResponse Create(AuthKitTokenRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the AuthKit token, exactly as the platform sent it, in one request (retries aside): what
    /// One's hosted page asks a token endpoint for with <c>?page=N&amp;limit=M</c>. No other page is fetched and
    /// the white-label flag is not asked for (<c>isWhiteLabel</c> is <see langword="false"/>).
    /// </summary>
    /// <param name="request">Who the token is for; <see langword="null"/> sends an empty request.</param>
    /// <param name="page">The page, from 1 to <see cref="AuthKitOptions.MaxPages"/>.</param>
    /// <param name="limit">
    /// Connections per page, from 1 to 100 (or to <see cref="AuthKitOptions.PageSize"/> when that is
    /// configured higher); <see langword="null"/> for <see cref="AuthKitOptions.PageSize"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page as sent: its rows, <c>total</c>, <c>pages</c>, <c>page</c>, <c>requestId</c> and unknown fields.</returns>
    /// <exception cref="ArgumentException">The request, <paramref name="page"/> or <paramref name="limit"/> is invalid (the parameter is named); nothing was sent.</exception>
    /// <exception cref="AuthKitApiException">The platform answered with a non-success status.</exception>
    /// <exception cref="AuthKitException">The platform could not be reached, timed out or sent an unusable answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<AuthKitTokenResponse> CreatePageAsync(AuthKitTokenRequest? request, int page, int? limit = null, CancellationToken cancellationToken = default);
}
