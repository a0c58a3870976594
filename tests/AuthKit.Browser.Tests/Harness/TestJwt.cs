using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// The product's sign-in, as the browser test sees it: JWT bearer tokens signed with a symmetric key made
/// for this run. The customer page puts one in <c>token.headers.Authorization</c>; the backend validates it.
/// </summary>
internal sealed class TestJwt
{
    private const string Issuer = "https://identity.browser-tests.invalid";
    private const string Audience = "authkit-browser-tests";

    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>A signed token for <paramref name="subject"/> (its <c>sub</c> claim), valid for ten minutes.</summary>
    public string Issue(string subject) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject)]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
    });

    public void Configure(JwtBearerOptions options)
    {
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
        };
    }
}
