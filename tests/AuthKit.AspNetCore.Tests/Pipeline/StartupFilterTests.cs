using System.Net;
using System.Net.Http.Headers;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.AspNetCore.Tests.Pipeline;

/// <summary>
/// AddAuthKitEndpoint's startup filter puts the endpoint's response middleware in front of the app's
/// pipeline with every way of building the app: WebApplication.CreateBuilder, CreateSlimBuilder and
/// WebApplicationFactory. Shown by what only a middleware in front can do: CORS headers and a problem
/// body on RequireAuthorization's challenge, and the endpoint's CORS on a preflight that an app-wide
/// UseCors() policy answered.
/// </summary>
public sealed class StartupFilterTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(3, seed: 87);

    public void Dispose() => _pica.Dispose();

    private static async Task AssertEndpointOwnsItsAnswersAsync(HttpClient client, Func<HttpRequestMessage, HttpRequestMessage> signIn)
    {
        using var challenge = await client.SendAsync(Requests.Token(user: null));
        using var preflight = await client.SendAsync(Requests.Preflight(Requests.PicaOrigin));
        using var token = await client.SendAsync(signIn(Requests.Token(user: null)));

        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], challenge.Header("Access-Control-Allow-Origin"));
        Assert.Equal("application/problem+json", challenge.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["no-store"], challenge.Header("Cache-Control"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], preflight.Header("Access-Control-Allow-Origin"));
        Assert.Equal(["POST"], preflight.Header("Access-Control-Allow-Methods"));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], token.Header("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_CreateBuilder_and_CreateSlimBuilder(bool slim)
    {
        await using var app = await TokenApp.StartAsync(_pica, slim: slim,
            services: b => b.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins("https://app.example").AllowAnyHeader().AllowAnyMethod())),
            pipeline: a =>
            {
                a.UseCors();
                a.MapAuthKitToken().RequireAuthorization();
            });

        await AssertEndpointOwnsItsAnswersAsync(app.Client, r =>
        {
            r.Headers.Add(TestUser.Header, "user_1");
            return r;
        });
    }

    [Fact]
    public async Task With_WebApplicationFactory_on_the_Native_AOT_sample_and_a_real_JWT()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("AuthKit:SecretKey", _pica.SecretKey);
            web.UseSetting("AuthKit:BaseUrl", _pica.Url.ToString());
            foreach (var (key, value) in TestJwt.Settings)
            {
                web.UseSetting(key, value);
            }
        });
        using var client = factory.CreateClient();

        await AssertEndpointOwnsItsAnswersAsync(client, r =>
        {
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Create("jwt_user_5"));
            return r;
        });
        Assert.All(_pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage), r => Assert.Equal(("jwt_user_5", "user"), (r.Identity, r.IdentityType)));
    }
}
