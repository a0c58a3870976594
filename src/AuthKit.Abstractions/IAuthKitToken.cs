namespace AuthKit;

/// <summary>
/// Creates Pica AuthKit tokens: the answer your backend returns, unchanged, to the AuthKit
/// frontend. Implementations are thread-safe and meant to be held for the life of the process.
/// </summary>
/// <remarks>
/// The interface has only these two members so that a test double needs nothing else; the
/// <c>(identity, identityType)</c> overloads are extension methods in <see cref="AuthKitTokenExtensions"/>.
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
}
