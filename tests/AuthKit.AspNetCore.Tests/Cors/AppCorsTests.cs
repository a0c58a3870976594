using System.Net;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.AspNetCore.Tests.Cors;

/// <summary>
/// An app with CORS of its own: its endpoints keep its policy, the token endpoint keeps its own,
/// whether the app's policy is wider (any origin), different (its own page's origin) or placed late.
/// </summary>
public sealed class AppCorsTests : IDisposable
{
    private const string AppOrigin = "https://app.example";

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(2, seed: 86);

    public void Dispose() => _pica.Dispose();

    private Task<TokenApp> AppWithDefaultPolicy(Action<Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder> policy, bool corsAfterAuthorization = false) =>
        TokenApp.StartAsync(_pica,
            services: b => b.Services.AddCors(o => o.AddDefaultPolicy(policy)),
            pipeline: a =>
            {
                if (corsAfterAuthorization)
                {
                    a.UseAuthentication();
                    a.UseAuthorization();
                }

                a.UseCors();
                a.MapPost("/api/hello", () => "hello");
                a.MapAuthKitToken().RequireAuthorization();
            });

    [Fact]
    public async Task The_apps_other_endpoint_keeps_the_apps_policy_and_the_token_endpoint_gets_its_own()
    {
        await using var app = await AppWithDefaultPolicy(p => p.WithOrigins(AppOrigin).AllowAnyHeader().WithMethods("POST", "PUT").AllowCredentials());

        using var appPreflight = await app.Client.SendAsync(Requests.Preflight(AppOrigin, "x-app", path: "/api/hello"));
        using var tokenPreflight = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));
        using var tokenFromAppOrigin = await app.Client.SendAsync(Requests.Preflight(AppOrigin, "x-app"));
        using var token = await app.Client.SendAsync(Requests.Token("user_1"));
        using var appPost = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/hello") { Headers = { { "Origin", AppOrigin } } });

        Assert.Equal([AppOrigin], appPreflight.Header("Access-Control-Allow-Origin"));
        Assert.Equal(["true"], appPreflight.Header("Access-Control-Allow-Credentials"));
        Assert.Equal(["POST,PUT"], appPreflight.Header("Access-Control-Allow-Methods"));
        Assert.Equal([AppOrigin], appPost.Header("Access-Control-Allow-Origin"));
        Assert.Empty(appPost.Header("Cache-Control"));

        Assert.Equal(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Access-Control-Allow-Origin"] = "https://authkit.picaos.com",
            ["Access-Control-Allow-Methods"] = "POST",
            ["Access-Control-Allow-Headers"] = "Authorization,Content-Type",
            ["Access-Control-Max-Age"] = "600",
        }, tokenPreflight.AccessControl());
        Assert.Empty(tokenFromAppOrigin.AccessControl()); // the app's policy allows that origin; the token endpoint does not
        Assert.Equal(["https://authkit.picaos.com"], token.Header("Access-Control-Allow-Origin"));
        Assert.Empty(token.Header("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task An_app_policy_allowing_any_origin_does_not_widen_the_token_endpoint()
    {
        await using var app = await AppWithDefaultPolicy(p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());

        using var token = await app.Client.SendAsync(Requests.Token("user_1"));
        using var foreign = await app.Client.SendAsync(Requests.Token("user_1", "https://evil.example"));
        using var foreignPreflight = await app.Client.SendAsync(Requests.Preflight("https://evil.example"));
        using var appPost = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/hello") { Headers = { { "Origin", "https://evil.example" } } });

        Assert.Equal(["https://authkit.picaos.com"], token.Header("Access-Control-Allow-Origin"));
        Assert.Empty(foreign.AccessControl());
        Assert.Empty(foreignPreflight.AccessControl());
        Assert.Equal(["*"], appPost.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task UseCors_placed_after_authorization_does_not_turn_the_preflight_into_a_401()
    {
        await using var app = await AppWithDefaultPolicy(p => p.WithOrigins(AppOrigin).AllowAnyHeader().AllowAnyMethod(), corsAfterAuthorization: true);

        using var preflight = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));
        using var anonymous = await app.Client.SendAsync(Requests.Token(user: null));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], preflight.Header("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], anonymous.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_group_that_requires_the_apps_CORS_policy_does_not_take_over_the_endpoints_preflight()
    {
        await using var app = await TokenApp.StartAsync(_pica,
            services: b => b.Services.AddCors(o => o.AddPolicy("app", p => p.WithOrigins(AppOrigin).AllowAnyHeader().AllowAnyMethod())),
            pipeline: a =>
            {
                a.UseCors();
                a.MapGroup("/api").RequireCors("app").MapAuthKitToken().RequireAuthorization();
            });

        using var preflight = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin, path: "/api/authkit-token"));
        using var fromApp = await app.Client.SendAsync(Requests.Preflight(AppOrigin, path: "/api/authkit-token"));
        using var token = await app.Client.SendAsync(Requests.Token("user_1", path: "/api/authkit-token"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], preflight.Header("Access-Control-Allow-Origin"));
        Assert.Empty(fromApp.AccessControl());
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], token.Header("Access-Control-Allow-Origin"));
    }
}
