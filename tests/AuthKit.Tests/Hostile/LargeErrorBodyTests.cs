using System.Net;
using AuthKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace AuthKit.Tests.Hostile;

/// <summary>
/// A 500 with a 5 MB body, retried: each attempt reads only the first 4 KiB of the body, the
/// connection is dropped instead of the rest being downloaded, and <c>ResponseBody</c> keeps that
/// bounded prefix. What the client read is shown by what the server managed to write before the
/// client hung up (with a small fixed send buffer, so that the kernel does not absorb megabytes).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class LargeErrorBodyTests(ITestOutputHelper output)
{
    private const long FiveMegabytes = 5_000_000;
    private const int Bound = 4096;

    public static TheoryData<bool, ClientMode> Framings => new()
    {
        { false, ClientMode.Standalone },
        { true, ClientMode.Standalone },
        { false, ClientMode.DependencyInjection },
        { true, ClientMode.DependencyInjection },
    };

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task A_5_MB_error_body_is_read_only_to_its_4_KiB_bound_on_each_attempt(bool chunked, ClientMode mode)
    {
        const string Flags = """{"authkitWhitelist":true}""";
        await using var server = new RawHttpServer((s, target, stream, ct) => RawHttpServer.IsFlags(target)
            ? s.WriteJsonAsync(stream, Flags, ct)
            : s.WriteErrorBodyAsync(stream, 500, FiveMegabytes, chunked, ct))
        {
            SendBufferSize = 16 * 1024,
        };
        await using var client = TestClient.Create(mode, o =>
        {
            o.SecretKey = PicaStub.SecretKey;
            o.BaseUrl = server.Url;
            o.MaxRetries = 2;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        });

        var error = await DocumentedExceptions.CatchAsync(() => client.AuthKit.CreateAsync("user_1", IdentityType.User));

        var api = Assert.IsType<AuthKitApiException>(error);
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.StartsWith("{\"rows\":[", api.ResponseBody, StringComparison.Ordinal);
        Assert.True(api.ResponseBody!.Length <= Bound, $"ResponseBody holds {api.ResponseBody.Length} characters");

        // Every connection ends (the client hung up) before the server could write the 5 MB.
        await Eventually.WaitUntilAsync(() => server.Served == server.Accepted, "every connection is closed", timeoutMs: 60_000);
        var attempts = server.Received.Count(t => !RawHttpServer.IsFlags(t));
        var flagsBytes = server.Received.Count(RawHttpServer.IsFlags) * (long)Flags.Length;
        var perAttempt = (server.BytesSent - flagsBytes) / (double)attempts;
        output.WriteLine($"{mode}, {(chunked ? "chunked" : "Content-Length")}: {attempts} attempts, the server wrote {perAttempt / 1024:F0} KiB of the 5 MB body per attempt before the client hung up; ResponseBody {api.ResponseBody.Length} characters");
        Assert.Equal(3, attempts);
        Assert.True(perAttempt < 1024 * 1024, $"{perAttempt} bytes per attempt were sent");
    }
}
