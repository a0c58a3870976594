using System.Text.RegularExpressions;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace AuthKit.Tests.Hostile;

/// <summary>
/// Answers of 100 MB or without end, from a raw TCP server: the SDK stops at MaxResponseBytes
/// (default 8 MiB) instead of buffering them, does not retry them, and its memory shows it.
/// Memory is the process's allocated bytes (GC.GetTotalAllocatedBytes(precise: true)) across the
/// call, which counts every thread the call ran on; the class runs alone (SerialCollection) so no
/// other test adds to it. The bound, 40 MiB, is far below the 100 MB a buffering client would
/// allocate and above the ~16 MiB the SDK's doubling buffer allocates on its way to 8 MiB.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OversizedAnswerTests(ITestOutputHelper output)
{
    private const long HundredMegabytes = 100L * 1024 * 1024;
    private const long AllocationBound = 40L * 1024 * 1024;

    private static readonly List<string> Pages =
        ConnectionFaker.Pages(ConnectionFaker.Rows(3, seed: 71), pageSize: 1).Select(p => p.ToJsonString()).ToList();

    public static TheoryData<string> HugeAnswers => ["100 MB declared", "endless chunked", "100 MB until the connection closes"];

    [Theory]
    [MemberData(nameof(HugeAnswers))]
    public async Task A_huge_page_is_refused_at_the_limit_without_buffering_it_and_not_retried(string how)
    {
        await using var server = new RawHttpServer((s, target, stream, ct) => target switch
        {
            _ when RawHttpServer.IsFlags(target) => s.WriteJsonAsync(stream, """{"authkitWhitelist":true}""", ct),
            _ => Huge(s, how, stream, ct),
        });
        var client = Client(server.Url);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await DocumentedExceptions.CatchAsync(() => client.CreateAsync("user_1", IdentityType.User));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"{how}: allocated {allocated / 1024.0 / 1024.0:F1} MiB during the call; the server got {server.BytesSent / 1024.0 / 1024.0:F1} MiB out before the client hung up");
        var refused = Assert.IsType<AuthKitException>(error);
        Assert.Matches(new Regex("page 1 \\(POST /v1/authkit\\) (declares 104857600 bytes|is longer than 8388608 bytes), over the 8388608 bytes allowed \\(AuthKitOptions.MaxResponseBytes\\)"), refused.Message);
        Assert.Single(server.Received, t => !RawHttpServer.IsFlags(t));
        Assert.True(allocated < AllocationBound, $"allocated {allocated} bytes");
    }

    public static TheoryData<FaultTarget> Targets => new() { FaultTarget.FirstPage, FaultTarget.LaterPage, FaultTarget.Flags };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task An_endless_answer_is_refused_on_any_call(FaultTarget target)
    {
        var endless = target switch
        {
            FaultTarget.FirstPage => "&page=1",
            FaultTarget.LaterPage => "&page=2",
            _ => "/v1/users/flags",
        };
        await using var server = new RawHttpServer((s, requested, stream, ct) => requested switch
        {
            _ when requested.EndsWith(endless, StringComparison.Ordinal) => s.WriteEndlessChunkedAsync(stream, ct),
            _ when RawHttpServer.IsFlags(requested) => s.WriteJsonAsync(stream, """{"authkitWhitelist":true}""", ct),
            _ => s.WriteJsonAsync(stream, Pages[int.Parse(requested[(requested.LastIndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture) - 1], ct),
        });
        var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var client = Client(server.Url, loggerFactory);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        if (target == FaultTarget.Flags)
        {
            var token = await client.CreateAsync("user_1", IdentityType.User);
            Assert.Equal(3, token.Rows.Count);
            Assert.False(token.IsWhiteLabel);
            Assert.Contains(logs.Collector.GetSnapshot(), r => r.Id.Id == 3 && r.Message.Contains("MaxResponseBytes", StringComparison.Ordinal));
        }
        else
        {
            var error = await DocumentedExceptions.CatchAsync(() => client.CreateAsync("user_1", IdentityType.User));
            var refused = Assert.IsType<AuthKitException>(error);
            Assert.Contains($"page {endless[^1]} (POST /v1/authkit) is longer than 8388608 bytes", refused.Message, StringComparison.Ordinal);
            Assert.Contains(logs.Collector.GetSnapshot(), r => r.Id.Id == 5 && r.Message.Contains("MaxResponseBytes", StringComparison.Ordinal)); // TokenFailed
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"endless {target}: allocated {allocated / 1024.0 / 1024.0:F1} MiB during the call");
        Assert.Single(server.Received, t => t.EndsWith(endless, StringComparison.Ordinal));
        Assert.True(allocated < AllocationBound, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task A_smaller_limit_is_honoured_exactly()
    {
        await using var server = new RawHttpServer((s, target, stream, ct) => RawHttpServer.IsFlags(target)
            ? s.WriteJsonAsync(stream, """{"authkitWhitelist":true}""", ct)
            : s.WriteEndlessChunkedAsync(stream, ct));
        var client = Client(server.Url, configure: o => o.MaxResponseBytes = 64 * 1024);

        var error = await DocumentedExceptions.CatchAsync(() => client.CreateAsync("user_1", IdentityType.User));

        Assert.Contains("is longer than 65536 bytes", Assert.IsType<AuthKitException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_trickling_in_hits_the_attempt_timeout_and_is_retried()
    {
        await using var server = new RawHttpServer((s, target, stream, ct) => RawHttpServer.IsFlags(target)
            ? s.WriteJsonAsync(stream, """{"authkitWhitelist":true}""", ct)
            : s.WriteTrickleAsync(stream, Pages[0], TimeSpan.FromMilliseconds(100), ct));
        var client = Client(server.Url, configure: o => { o.Timeout = TimeSpan.FromMilliseconds(500); o.MaxRetries = 1; });

        var error = await DocumentedExceptions.CatchAsync(() => client.CreateAsync("user_1", IdentityType.User));

        var timedOut = Assert.IsType<AuthKitException>(error);
        Assert.IsType<TimeoutException>(timedOut.InnerException);
        Assert.Equal(2, server.Received.Count(t => !RawHttpServer.IsFlags(t)));
    }

    private static Task Huge(RawHttpServer server, string how, Stream stream, CancellationToken cancellationToken) => how switch
    {
        "100 MB declared" => server.WriteDeclaredAsync(stream, HundredMegabytes, cancellationToken),
        "endless chunked" => server.WriteEndlessChunkedAsync(stream, cancellationToken),
        _ => server.WriteUntilCloseAsync(stream, HundredMegabytes, cancellationToken),
    };

    private static AuthKitToken Client(Uri url, ILoggerFactory? loggerFactory = null, Action<AuthKitOptions>? configure = null)
    {
        var options = new AuthKitOptions
        {
            SecretKey = PicaStub.SecretKey,
            BaseUrl = url,
            PageSize = 1,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            Timeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        return new AuthKitToken(options, loggerFactory);
    }
}
