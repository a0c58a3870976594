using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthKit.AspNetCore.Tests.Errors;

/// <summary>
/// Every error answer of the endpoint, its own or one made before it runs, is problem+json with the
/// iframe's CORS headers (so the iframe can read it) and no-store, and holds neither the key nor Pica's body.
/// </summary>
public sealed class ErrorAnswerTests : IDisposable
{
    private const string PicaBodyMarker = "Fault injected by the emulator";

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(5, seed: 84);

    public void Dispose() => _pica.Dispose();

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["https://authkit.picaos.com"], response.Header("Access-Control-Allow-Origin"));
        Assert.Equal(["no-store"], response.Header("Cache-Control"));
        Assert.Contains("Origin", response.Header("Vary"));
        var raw = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(raw).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.DoesNotContain("\\u00", raw, StringComparison.Ordinal); // curl shows the text as written: no U\u002B0020, no user\u0027s
        return problem;
    }

    [Fact]
    public async Task No_signed_in_user_is_a_401_problem_and_nothing_is_sent_to_Pica()
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var response = await app.Client.SendAsync(Requests.Token(user: null));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task RequireAuthorizations_challenge_is_a_401_problem_with_the_CORS_headers()
    {
        await using var app = await TokenApp.StartAsync(_pica, pipeline: a => a.MapAuthKitToken().RequireAuthorization());

        using var response = await app.Client.SendAsync(Requests.Token(user: null));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("not authenticated", problem.GetProperty("detail").GetString());
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task A_forbidden_user_gets_a_403_problem_with_the_CORS_headers()
    {
        await using var app = await TokenApp.StartAsync(_pica, pipeline: a =>
            a.MapAuthKitToken().RequireAuthorization(p => p.RequireClaim("team")));

        using var response = await app.Client.SendAsync(Requests.Token("user_1"));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Theory]
    [InlineData("org:42", "a colon")]
    [InlineData("user 1", "white space")]
    [InlineData("user_123,user_456", "a comma (',')")]
    [InlineData("user_1|user_2", "a vertical bar ('|')")]
    public async Task An_identity_Pica_would_not_accept_is_a_400_problem_naming_the_problem_not_the_identity(string identity, string problemText)
    {
        await using var app = await TokenApp.StartAsync(_pica);

        using var response = await app.Client.SendAsync(Requests.Token(identity));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("The signed-in user's identity contains " + problemText, detail); // not the SDK's AuthKitTokenRequest.Identity: the browser set no such thing
        Assert.DoesNotContain("AuthKitTokenRequest", detail);
        Assert.DoesNotContain("(Parameter", detail);
        Assert.DoesNotContain(identity, await response.Content.ReadAsStringAsync());
        Assert.Empty(_pica.ReceivedRequests);
        var logged = Assert.Single(app.EndpointLogs);
        Assert.Equal((104, LogLevel.Warning), (logged.Id.Id, logged.Level));
        Assert.DoesNotContain(identity, logged.Message);
    }

    [Fact]
    public async Task Pica_refusing_the_key_is_a_502_problem_with_picaStatus_and_without_the_key_or_Picas_body()
    {
        _pica.FailPage(1, PicaFault.Unauthorized(), times: int.MaxValue);
        await using var app = await TokenApp.StartAsync(_pica);

        using var response = await app.Client.SendAsync(Requests.Token("user_1"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal(401, problem.GetProperty("picaStatus").GetInt32());
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(_pica.SecretKey, body);
        Assert.DoesNotContain(PicaBodyMarker, body);
        Assert.Contains(_pica.ReceivedRequests, r => r.StatusCode == HttpStatusCode.Unauthorized);
        var logged = Assert.Single(app.EndpointLogs);
        Assert.Equal((105, LogLevel.Debug), (logged.Id.Id, logged.Level)); // the SDK's TokenFailed is the failure's one line
        Assert.Null(logged.Exception);
        Assert.Contains("HTTP 401", logged.Message);
        Assert.All(app.Logs.GetSnapshot(), r => Assert.DoesNotContain(_pica.SecretKey, r.Message + r.Exception));
    }

    [Fact]
    public async Task Picas_error_envelope_is_in_the_105_log_line_and_not_in_the_browsers_answer()
    {
        _pica.FailPage(1, PicaFault.EnvelopeWithCorrelationId(HttpStatusCode.PaymentRequired, "err::billing::quota", "Monthly quota exceeded", "corr-91b2"), times: int.MaxValue);
        await using var app = await TokenApp.StartAsync(_pica);

        using var response = await app.Client.SendAsync(Requests.Token("user_1"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal(402, problem.GetProperty("picaStatus").GetInt32());
        var body = await response.Content.ReadAsStringAsync();
        foreach (var envelope in new[] { "err::billing::quota", "Monthly quota exceeded", "corr-91b2" })
        {
            Assert.DoesNotContain(envelope, body);
        }

        var logged = Assert.Single(app.EndpointLogs);
        Assert.Equal((105, LogLevel.Debug), (logged.Id.Id, logged.Level));
        Assert.Contains("HTTP 402", logged.Message);
        Assert.Contains("key err::billing::quota", logged.Message);
        Assert.Contains("correlation id corr-91b2", logged.Message);
        Assert.Contains("message Monthly quota exceeded", logged.Message);
        Assert.Equal("corr-91b2", logged.StructuredState!.Single(p => p.Key == "PicaCorrelationId").Value);
        Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.TokenPage); // 402 is not retried
    }

    [Fact]
    public async Task Pica_unreachable_is_a_502_problem_without_the_key()
    {
        await using var app = await TokenApp.StartAsync(ClosedPort(), _pica.SecretKey, settings: [("AuthKit:MaxRetries", "0")]);

        using var response = await app.Client.SendAsync(Requests.Token("user_1"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.False(problem.TryGetProperty("picaStatus", out _));
        Assert.DoesNotContain(_pica.SecretKey, await response.Content.ReadAsStringAsync());
        var logged = Assert.Single(app.EndpointLogs);
        Assert.Equal((106, LogLevel.Debug), (logged.Id.Id, logged.Level)); // the SDK's TokenFailed is the failure's one line
        Assert.Null(logged.Exception);
    }

    [Fact]
    public async Task The_rate_limiters_429_carries_the_CORS_headers_and_a_problem_body()
    {
        await using var app = await TokenApp.StartAsync(_pica,
            services: b => b.Services.AddRateLimiter(o =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.AddFixedWindowLimiter("one", w =>
                {
                    w.PermitLimit = 1;
                    w.Window = TimeSpan.FromHours(1);
                    w.QueueLimit = 0;
                });
            }),
            pipeline: a =>
            {
                a.UseRateLimiter();
                a.MapAuthKitToken().RequireRateLimiting("one");
            });

        using var first = await app.Client.SendAsync(Requests.Token("user_1"));
        using var second = await app.Client.SendAsync(Requests.Token("user_1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertProblemAsync(second, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task An_exception_in_the_apps_resolver_handled_by_UseExceptionHandler_still_carries_the_CORS_headers()
    {
        await using var app = await TokenApp.StartAsync(_pica,
            services: b =>
            {
                b.Services.AddProblemDetails();
                b.Services.AddAuthKitEndpoint().Configure(o => o.ResolveIdentity = _ => throw new InvalidOperationException("the app's own bug"));
            },
            pipeline: a =>
            {
                a.UseExceptionHandler();
                a.MapAuthKitToken();
            });

        using var response = await app.Client.SendAsync(Requests.Token("user_1"));

        await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("the app's own bug", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_AddProblemDetails_the_apps_customization_shapes_the_endpoints_problems()
    {
        await using var app = await TokenApp.StartAsync(_pica, services: b =>
            b.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["app"] = "mine"));

        using var response = await app.Client.SendAsync(Requests.Token(user: null));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("mine", problem.GetProperty("app").GetString());
    }

    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
