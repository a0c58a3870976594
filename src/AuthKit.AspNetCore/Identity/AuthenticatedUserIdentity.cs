using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace AuthKit;

/// <summary>
/// The default identity: the signed-in user, from the authenticated identities of
/// <see cref="HttpContext.User"/> only (never a header or anything else the browser controls).
/// </summary>
internal static class AuthenticatedUserIdentity
{
    public const string SubjectClaim = "sub";

    public static readonly Func<HttpContext, ValueTask<AuthKitTokenRequest?>> Resolve = static context =>
        ValueTask.FromResult(UserId(context.User) is { } id
            ? new AuthKitTokenRequest { Identity = id, IdentityType = IdentityType.User }
            : null);

    private static string? UserId(ClaimsPrincipal user)
    {
        foreach (var type in (ReadOnlySpan<string>)[ClaimTypes.NameIdentifier, SubjectClaim])
        {
            foreach (var identity in user.Identities)
            {
                if (identity.IsAuthenticated && identity.FindFirst(type)?.Value is { Length: > 0 } id)
                {
                    return id;
                }
            }
        }

        return null;
    }
}
