using AuthKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace AuthKit.Tests.Reliability;

/// <summary>
/// One token's bytes are capped across all its pages (<c>MaxTokenBytes</c>, default 64 MiB): the page
/// whose bytes cross the cap is refused while it is read, and no later page is requested. Without the
/// cap, 30 pages of 8 MB (each under <c>MaxResponseBytes</c>) were all fetched and held, about 460 MiB.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TokenBytesCapTests(ITestOutputHelper output)
{
    private const string Flags = """{"authkitWhitelist":true}""";

    [Fact]
    public async Task Thirty_pages_of_8_MB_are_refused_at_the_default_cap_before_the_remaining_pages_are_fetched()
    {
        const int Pages = 30;
        const long PageBytes = 8_000_000;
        await using var server = new RawHttpServer((s, target, stream, ct) => RawHttpServer.IsFlags(target)
            ? s.WriteJsonAsync(stream, Flags, ct)
            : s.WritePaddedPageAsync(stream, RawHttpServer.PageOf(target), Pages, Pages * 100L, PageBytes, ct));
        var authKit = new AuthKitToken(new AuthKitOptions
        {
            SecretKey = PicaStub.SecretKey,
            BaseUrl = server.Url,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        });

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await DocumentedExceptions.CatchAsync(() => authKit.CreateAsync("user_1", IdentityType.User));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        var fetched = server.Received.Where(t => !RawHttpServer.IsFlags(t)).Select(RawHttpServer.PageOf).Order().ToList();
        output.WriteLine($"Refused after {fetched.Count} of {Pages} pages were requested ({string.Join(",", fetched)}); {allocated / 1024.0 / 1024.0:F0} MiB allocated during the call; {error.Message}");
        var refused = Assert.IsType<AuthKitException>(error);
        Assert.Contains("MaxTokenBytes", refused.Message, StringComparison.Ordinal);
        Assert.Contains("67108864", refused.Message, StringComparison.Ordinal);

        // Eight pages fit in 64 MiB, the ninth crosses it; at most the two others of the window (3) were in flight.
        Assert.InRange(fetched.Count, 9, 11);
        Assert.Equal(fetched.Distinct().Count(), fetched.Count); // refused, not retried
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task The_page_that_crosses_MaxTokenBytes_is_refused_and_no_later_page_is_requested(ClientMode mode)
    {
        const int Pages = 30;
        const long PageBytes = 64 * 1024;
        await using var server = new RawHttpServer((s, target, stream, ct) => RawHttpServer.IsFlags(target)
            ? s.WriteJsonAsync(stream, Flags, ct)
            : s.WritePaddedPageAsync(stream, RawHttpServer.PageOf(target), Pages, Pages * 100L, PageBytes, ct));
        await using var client = TestClient.Create(mode, o =>
        {
            o.SecretKey = PicaStub.SecretKey;
            o.BaseUrl = server.Url;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
            o.MaxConcurrentPageRequests = 1;
            o.MaxTokenBytes = 200 * 1024; // three pages of 64 KiB and their JSON fit; the fourth does not
        });

        var error = await DocumentedExceptions.CatchAsync(() => client.AuthKit.CreateAsync("user_1", IdentityType.User));

        var refused = Assert.IsType<AuthKitException>(error);
        Assert.Contains("page 4 (POST /v1/authkit)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("204800 bytes", refused.Message, StringComparison.Ordinal);
        Assert.Contains("MaxTokenBytes", refused.Message, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3, 4], server.Received.Where(t => !RawHttpServer.IsFlags(t)).Select(RawHttpServer.PageOf).Order());
        Assert.Contains(client.Logs.GetSnapshot(), r => r.Id.Id == 4 && r.Message.Contains("MaxTokenBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_just_under_MaxTokenBytes_is_returned_whole()
    {
        const int Pages = 3;
        await using var server = new RawHttpServer((s, target, stream, ct) => RawHttpServer.IsFlags(target)
            ? s.WriteJsonAsync(stream, Flags, ct)
            : s.WritePaddedPageAsync(stream, RawHttpServer.PageOf(target), Pages, Pages * 100L, 64 * 1024, ct));
        var authKit = new AuthKitToken(new AuthKitOptions { SecretKey = PicaStub.SecretKey, BaseUrl = server.Url, MaxTokenBytes = 200 * 1024 });

        var token = await authKit.CreateAsync("user_1", IdentityType.User);

        Assert.Equal(300, token.Total);
        Assert.Equal(3, server.Received.Count(t => !RawHttpServer.IsFlags(t)));
    }
}
