using System.Net;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Tests.Hostile;

/// <summary>
/// A stand-in for Pica that answers with a redirect to a second server. Following it would send the
/// request, <c>X-Pica-Secret</c> included, to that server and use its answer as the token; the SDK
/// never follows, and refuses an answer that comes from anywhere but <c>BaseUrl</c>.
/// </summary>
public sealed class RedirectTests
{
    private static readonly List<string> Pages =
        ConnectionFaker.Pages(ConnectionFaker.Rows(2, seed: 91), pageSize: 1).Select(p => p.ToJsonString()).ToList();

    public static TheoryData<int, FaultTarget, ClientMode> Redirects
    {
        get
        {
            var data = new TheoryData<int, FaultTarget, ClientMode>();
            foreach (var status in new[] { 302, 307, 308 })
            {
                foreach (var target in new[] { FaultTarget.FirstPage, FaultTarget.Flags })
                {
                    foreach (var mode in Enum.GetValues<ClientMode>())
                    {
                        data.Add(status, target, mode);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Redirects))]
    public async Task A_redirect_is_refused_unretried_and_the_other_server_receives_nothing(int status, FaultTarget target, ClientMode mode)
    {
        await using var elsewhere = new RawHttpServer(Answer);
        await using var pica = RedirectingPica(status, target, elsewhere);
        await using var client = TestClient.Create(mode, o => Configure(o, pica.Url));

        if (target == FaultTarget.Flags)
        {
            var token = await client.AuthKit.CreateAsync("user_1", IdentityType.User);

            Assert.Equal(2, token.Rows.Count);
            Assert.False(token.IsWhiteLabel); // the other server would have said true
            var warning = Assert.Single(client.Logs.GetSnapshot(), r => r.Id.Name == "WhiteLabelFallback");
            Assert.Contains($"HTTP {status}", warning.Message, StringComparison.Ordinal);
            Assert.Contains(elsewhere.Url.Authority, warning.Message, StringComparison.Ordinal);
            Assert.Single(pica.Received, RawHttpServer.IsFlags);
        }
        else
        {
            var error = await DocumentedExceptions.CatchAsync(() => client.AuthKit.CreateAsync("user_1", IdentityType.User));

            var refused = Assert.IsType<AuthKitApiException>(error);
            Assert.Equal((HttpStatusCode)status, refused.StatusCode);
            Assert.Contains($"HTTP {status}", refused.Message, StringComparison.Ordinal);
            Assert.Contains(elsewhere.Url.Authority, refused.Message, StringComparison.Ordinal);
            Assert.Single(pica.Received, t => RawHttpServer.PageOf(t) == 1); // never retried
        }

        Assert.Empty(elsewhere.Received);
        Assert.Equal(0, elsewhere.Accepted);
    }

    [Theory]
    [InlineData(FaultTarget.FirstPage)]
    [InlineData(FaultTarget.Flags)]
    public async Task With_a_primary_handler_that_follows_redirects_the_answer_from_another_host_is_refused(FaultTarget target)
    {
        await using var elsewhere = new RawHttpServer(Answer);
        await using var pica = RedirectingPica(307, target, elsewhere);
        await using var client = TestClient.Create(ClientMode.DependencyInjection, o => Configure(o, pica.Url),
            http: b => b.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true }));

        if (target == FaultTarget.Flags)
        {
            var token = await client.AuthKit.CreateAsync("user_1", IdentityType.User);

            Assert.False(token.IsWhiteLabel);
            var warning = Assert.Single(client.Logs.GetSnapshot(), r => r.Id.Name == "WhiteLabelFallback");
            Assert.Contains(elsewhere.Url.Authority, warning.Message, StringComparison.Ordinal);
        }
        else
        {
            var error = await DocumentedExceptions.CatchAsync(() => client.AuthKit.CreateAsync("user_1", IdentityType.User));

            var refused = Assert.IsType<AuthKitException>(error);
            Assert.Contains(elsewhere.Url.Authority, refused.Message, StringComparison.Ordinal);
            Assert.Contains("redirect", refused.Message, StringComparison.Ordinal);
            Assert.Single(pica.Received, t => RawHttpServer.PageOf(t) == 1);
        }

        // The swapped handler did follow (that is why AddAuthKit turns redirects off): the answer is still not used.
        Assert.Single(elsewhere.Received);
    }

    private static RawHttpServer RedirectingPica(int status, FaultTarget target, RawHttpServer elsewhere) =>
        new((s, request, stream, ct) =>
        {
            var redirected = target == FaultTarget.Flags ? RawHttpServer.IsFlags(request.Target) : RawHttpServer.PageOf(request.Target) == 1;
            return redirected
                ? s.WriteRawAsync(stream,
                    $"HTTP/1.1 {status} Moved\r\nLocation: {new Uri(elsewhere.Url, request.Target)}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct)
                : Answer(s, request, stream, ct);
        });

    // What Pica would answer; the other server answers the same, with the white-label flag on.
    private static Task Answer(RawHttpServer server, RawHttpServer.Request request, Stream stream, CancellationToken cancellationToken) =>
        RawHttpServer.IsFlags(request.Target)
            ? server.WriteJsonAsync(stream, """{"authkitWhitelist":true}""", cancellationToken)
            : server.WriteJsonAsync(stream, Pages[RawHttpServer.PageOf(request.Target) - 1], cancellationToken);

    private static void Configure(AuthKitOptions options, Uri baseUrl)
    {
        options.SecretKey = PicaStub.SecretKey;
        options.BaseUrl = baseUrl;
        options.PageSize = 1;
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
        options.FlagsGracePeriod = TimeSpan.FromSeconds(5);
    }
}
