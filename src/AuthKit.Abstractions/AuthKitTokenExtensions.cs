namespace AuthKit;

/// <summary>Shorthands for the common case of one identity and its type.</summary>
public static class AuthKitTokenExtensions
{
    /// <summary>Creates the AuthKit token for <paramref name="identity"/>.</summary>
    /// <param name="authKit">The token client.</param>
    /// <param name="identity">The identity, e.g. your signed-in user's id.</param>
    /// <param name="identityType">The kind of identity.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token.</returns>
    /// <example><code>var token = await authKit.CreateAsync("user_123", IdentityType.User);</code></example>
    public static Task<AuthKitTokenResponse> CreateAsync(
        this IAuthKitToken authKit,
        string identity,
        IdentityType identityType,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authKit);
        return authKit.CreateAsync(new AuthKitTokenRequest { Identity = identity, IdentityType = identityType }, cancellationToken);
    }

    /// <summary>Blocking version of <see cref="CreateAsync(IAuthKitToken, string, IdentityType, CancellationToken)"/>.</summary>
    /// <param name="authKit">The token client.</param>
    /// <param name="identity">The identity, e.g. your signed-in user's id.</param>
    /// <param name="identityType">The kind of identity.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token.</returns>
    public static AuthKitTokenResponse Create(
        this IAuthKitToken authKit,
        string identity,
        IdentityType identityType,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authKit);
        return authKit.Create(new AuthKitTokenRequest { Identity = identity, IdentityType = identityType }, cancellationToken);
    }
}
