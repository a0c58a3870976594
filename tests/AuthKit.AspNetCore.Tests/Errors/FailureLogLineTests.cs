using System.Net;
using System.Net.Sockets;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace AuthKit.AspNetCore.Tests.Errors;

/// <summary>
/// What an operator's console shows when Pica is down or refuses: one line per failed request, with the
/// failure's type or status and its message, and no stack trace (those are for bugs); the retries are at
/// Debug, below what a console shows by default.
/// </summary>
public sealed class FailureLogLineTests(ITestOutputHelper output) : IDisposable
{
    private const int MaxRetries = 3; // the default

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(3, seed: 85);
    private readonly ConsoleLikeLog _console = new();

    public void Dispose()
    {
        _pica.Dispose();
        _console.Dispose();
    }

    private Task<TokenApp> StartAsync(Uri picaUrl) => TokenApp.StartAsync(picaUrl, _pica.SecretKey,
        services: b => b.Logging.AddProvider(_console),
        pipeline: app =>
        {
            app.MapAuthKitToken();
            app.MapAuthKitConnections();
        });

    private string OneLine()
    {
        foreach (var line in _console.Lines)
        {
            output.WriteLine(line);
        }

        var line1 = Assert.Single(_console.Lines);
        Assert.DoesNotContain(_console.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        return line1;
    }

    private static List<Microsoft.Extensions.Logging.Testing.FakeLogRecord> Retries(TokenApp app, string request) =>
        [.. app.Logs.GetSnapshot().Where(r => r.Id.Name == "RetryScheduled" && r.Message.Contains("for " + request + " (", StringComparison.Ordinal))];

    [Fact]
    public async Task Pica_unreachable_a_token_request_prints_one_line_with_the_type_and_message_and_its_retries_are_Debug()
    {
        await using var app = await StartAsync(ClosedPort());
        _console.Clear();

        using var response = await app.Client.SendAsync(Requests.Token("user_1"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var line = OneLine();
        Assert.StartsWith("Warning: AuthKit.AuthKitToken[5] AuthKit token failed after ", line, StringComparison.Ordinal);
        Assert.Contains("(AuthKitException): Pica could not be reached for page 1: ", line, StringComparison.Ordinal);
        var retries = Retries(app, "page 1");
        Assert.Equal(MaxRetries, retries.Count);
        Assert.All(retries, r => Assert.Equal(LogLevel.Debug, r.Level));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, MaxRetries)]
    [InlineData(HttpStatusCode.Unauthorized, 0)]
    public async Task Pica_answering_an_error_a_token_request_prints_one_line_with_the_status_and_message(HttpStatusCode status, int retried)
    {
        _pica.FailPage(1, PicaFault.Status(status), times: int.MaxValue);
        await using var app = await StartAsync(_pica.Url);
        _console.Clear();

        using var response = await app.Client.SendAsync(Requests.Token("user_1"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var line = OneLine();
        Assert.StartsWith("Warning: AuthKit.AuthKitToken[5] AuthKit token failed after ", line, StringComparison.Ordinal);
        Assert.Contains($"({(int)status}): Pica answered page 1 with HTTP {(int)status} ({status})", line, StringComparison.Ordinal);
        Assert.Equal(retried, Retries(app, "page 1").Count);
        Assert.Equal(retried + 1, _pica.ReceivedRequests.Count(r => r.Endpoint == PicaEndpoint.TokenPage));
    }

    [Fact]
    public async Task The_Vault_unavailable_a_connections_request_prints_one_line_with_the_status_and_message()
    {
        _pica.FailVault(PicaFault.Status(HttpStatusCode.ServiceUnavailable), times: int.MaxValue);
        await using var app = await StartAsync(_pica.Url);
        _console.Clear();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/authkit-connections");
        request.Headers.Add(TestUser.Header, "user_1");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var line = OneLine();
        Assert.StartsWith("Warning: AuthKit.PicaConnections[21] Connections call list failed after ", line, StringComparison.Ordinal);
        Assert.Contains("(503): ", line, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", line, StringComparison.Ordinal);
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
