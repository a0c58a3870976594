using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// JWTs from a test issuer, and the configuration (<c>Authentication:Schemes:Bearer</c>) that makes
/// ASP.NET Core's JWT bearer handler accept them, as <c>dotnet user-jwts</c> sets it up. Shared by the
/// test projects: linked into each.
/// </summary>
internal static class TestJwt
{
    public const string Issuer = "authkit-tests";
    public const string Audience = "authkit-endpoint";

    private static readonly byte[] Key = SHA256.HashData(Encoding.UTF8.GetBytes("authkit-tests-signing-key"));

    public static (string Key, string? Value)[] Settings =>
    [
        ("Authentication:Schemes:Bearer:ValidIssuer", Issuer),
        ("Authentication:Schemes:Bearer:ValidAudience", Audience),
        ("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", Issuer),
        ("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(Key)),
    ];

    public static string Create(string subject, string issuer = Issuer) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Key), SecurityAlgorithms.HmacSha256),
        });
}
