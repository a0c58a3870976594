using System.Net;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.AspNetCore.Tests.Endpoint;

/// <summary>
/// MapAuthKitToken maps two endpoints on one route: the POST handler, and a preflight endpoint that
/// only a CORS preflight selects. Conventions chained on the returned builder reach the POST only.
/// </summary>
public sealed class RoutingTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(2, seed: 85);

    public void Dispose() => _pica.Dispose();

    private static RouteEndpoint[] TokenEndpoints(TokenApp app) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.DisplayName?.StartsWith("AuthKit token", StringComparison.Ordinal) == true)];

    [Fact]
    public async Task A_plain_POST_selects_the_handler_and_only_a_preflight_selects_the_preflight_endpoint()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var post = await app.Client.SendAsync(Requests.Token("user_1"));
        using var postWithoutOrigin = await app.Client.SendAsync(Requests.Token("user_1", origin: null));
        using var preflight = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, postWithoutOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(2, _pica.ReceivedRequests.Count(r => r.Endpoint == PicaEndpoint.TokenPage));
        var endpoints = TokenEndpoints(app);
        Assert.Equal(2, endpoints.Length);
        Assert.Equal([0, 1], endpoints.Select(e => e.Order).Order());
        var preflightEndpoint = endpoints.Single(e => e.Order == 1);
        var methods = preflightEndpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!;
        Assert.Equal(["POST"], methods.HttpMethods);
        Assert.True(methods.AcceptCorsPreflight);
        Assert.False(endpoints.Single(e => e.Order == 0).Metadata.GetMetadata<IHttpMethodMetadata>()!.AcceptCorsPreflight);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("OPTIONS")] // without Access-Control-Request-Method: not a preflight
    public async Task Other_methods_are_405_and_untouched_by_the_endpoints_CORS(string method)
    {
        await using var app = await TokenApp.StartAsync(_pica);
        using var request = new HttpRequestMessage(new HttpMethod(method), Requests.Path);
        request.Headers.Add("Origin", Requests.PicaOrigin);

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Empty(response.AccessControl());
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task RequireAuthorization_on_the_returned_builder_guards_the_POST_and_leaves_the_preflight_anonymous()
    {
        await using var app = await TokenApp.StartAsync(_pica, pipeline: a => a.MapAuthKitToken().RequireAuthorization().WithTags("AuthKit"));

        using var preflight = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));
        using var anonymous = await app.Client.SendAsync(Requests.Token(user: null));
        using var signedIn = await app.Client.SendAsync(Requests.Token("user_1"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], preflight.Header("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var endpoints = TokenEndpoints(app);
        var post = endpoints.Single(e => e.Order == 0);
        var pre = endpoints.Single(e => e.Order == 1);
        Assert.NotEmpty(post.Metadata.GetOrderedMetadata<IAuthorizeData>());
        Assert.Equal(["AuthKit"], post.Metadata.GetMetadata<ITagsMetadata>()!.Tags);
        Assert.Empty(pre.Metadata.GetOrderedMetadata<IAuthorizeData>());
        Assert.Null(pre.Metadata.GetMetadata<ITagsMetadata>());
        Assert.NotNull(pre.Metadata.GetMetadata<IAllowAnonymous>());
    }

    [Fact]
    public async Task In_a_group_that_requires_authorization_the_preflight_still_passes()
    {
        await using var app = await TokenApp.StartAsync(_pica, pipeline: a => a.MapGroup("/api").RequireAuthorization().MapAuthKitToken());

        using var preflight = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin, path: "/api/authkit-token"));
        using var anonymous = await app.Client.SendAsync(Requests.Token(user: null, path: "/api/authkit-token"));
        using var signedIn = await app.Client.SendAsync(Requests.Token("user_1", path: "/api/authkit-token"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], preflight.Header("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], anonymous.Header("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task A_fallback_authorization_policy_does_not_block_the_preflight()
    {
        await using var app = await TokenApp.StartAsync(_pica, services: b =>
            b.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build()));

        using var preflight = await app.Client.SendAsync(Requests.Preflight(Requests.PicaOrigin));
        using var anonymous = await app.Client.SendAsync(Requests.Token(user: null));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(["https://authkit.picaos.com"], preflight.Header("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_custom_pattern_is_served_and_the_default_route_is_not()
    {
        await using var app = await TokenApp.StartAsync(_pica, pipeline: a => a.MapAuthKitToken("/connect/token"));

        using var custom = await app.Client.SendAsync(Requests.Token("user_1", path: "/connect/token"));
        using var standard = await app.Client.SendAsync(Requests.Token("user_1"));

        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, standard.StatusCode);
    }

    [Fact]
    public void Without_AddAuthKitEndpoint_MapAuthKitToken_says_which_call_is_missing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAuthKit(o => o.SecretKey = "sk_test_x");
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapAuthKitToken());

        Assert.Contains("services.AddAuthKitEndpoint()", error.Message);
    }

    [Fact]
    public void Without_AddAuthKit_MapAuthKitToken_says_which_call_is_missing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAuthKitEndpoint();
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapAuthKitToken());

        Assert.Contains("services.AddAuthKit(", error.Message);
        Assert.Contains("IAuthKitToken", error.Message);
    }
}
