using AuthKit.Bench;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthKit.Benchmarks;

/// <summary>
/// <see cref="AuthKitToken.CreateAsync"/> (the whole standalone pipeline: Refit generated client,
/// resilience handler, attempt span, buffering handler, facade) against <see cref="BaselineClient"/>,
/// both over the same in-memory handler answering 100-row pages. The baseline always sends the flags
/// call alongside page 1. <see cref="AuthKitSdk"/> is the steady state (the account's white-label flag
/// cached: pages only); <see cref="AuthKitSdkColdCache"/> finds the cached flag expired at every token
/// (the flags call alongside page 1, through the cache); <see cref="AuthKitSdkNoCache"/> has the cache off
/// (<c>WhiteLabelCacheDuration = 0</c>: a flags call per token, the path of the version before the cache).
/// </summary>
[MemoryDiagnoser]
public class CreateTokenBenchmarks
{
    private static readonly Uri BaseUrl = new("https://pica.invalid");
    private const string SecretKey = "sk_test_benchmark_0123456789abcdef";

    private readonly AuthKitTokenRequest _request = new() { Identity = "user_123", IdentityType = IdentityType.User };
    private readonly ExpiringClock _clock = new();
    private AuthKitToken _sdk = null!;
    private AuthKitToken _sdkColdCache = null!;
    private AuthKitToken _sdkNoCache = null!;
    private BaselineClient _baseline = null!;

    /// <summary>Pages of 100 rows in the token.</summary>
    [Params(1, 10)]
    public int Pages { get; set; }

    /// <summary>Builds the canned answers and both clients once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var handler = new InMemoryPicaHandler(new CannedPica(Pages, rowsPerPage: 100));
        var options = new AuthKitOptions { SecretKey = SecretKey, BaseUrl = BaseUrl };
        _sdk = new AuthKitToken(options, NullLoggerFactory.Instance, handler);

        // Accounts of their own (another key each): the cache is per account, and the cold client's clock
        // would confuse the warm one's entry.
        _sdkColdCache = new AuthKitToken(new AuthKitOptions { SecretKey = SecretKey + "_cold", BaseUrl = BaseUrl }, NullLoggerFactory.Instance, handler, _clock);
        _sdkNoCache = new AuthKitToken(
            new AuthKitOptions { SecretKey = SecretKey + "_none", BaseUrl = BaseUrl, WhiteLabelCacheDuration = TimeSpan.Zero }, NullLoggerFactory.Instance, handler);
        _baseline = new BaselineClient(handler, BaseUrl, SecretKey);

        // All must build the same token, or the comparison means nothing.
        var theirs = _baseline.CreateAsync(_request).GetAwaiter().GetResult();
        foreach (var ours in new[] { _sdk.CreateAsync(_request), AuthKitSdkColdCache(), _sdkNoCache.CreateAsync(_request) }.Select(t => t.GetAwaiter().GetResult()))
        {
            if (ours.Rows.Count != Pages * 100 || theirs.Rows.Count != ours.Rows.Count || ours.RequestId != theirs.RequestId || ours.IsWhiteLabel != theirs.IsWhiteLabel)
            {
                throw new InvalidOperationException("The SDK and the baseline disagree on the token.");
            }
        }

        // Each client takes the path its name says: warm no flags call, cold and off one per token.
        var flags = handler.FlagsCalls;
        _sdk.CreateAsync(_request).GetAwaiter().GetResult();
        var warm = handler.FlagsCalls - flags;
        AuthKitSdkColdCache().GetAwaiter().GetResult();
        var cold = handler.FlagsCalls - flags - warm;
        _sdkNoCache.CreateAsync(_request).GetAwaiter().GetResult();
        var off = handler.FlagsCalls - flags - warm - cold;
        if ((warm, cold, off) != (0, 1, 1))
        {
            throw new InvalidOperationException($"Flags calls per token: warm {warm}, cold {cold}, off {off}; expected 0, 1, 1.");
        }
    }

    /// <summary>HttpClient + source-generated System.Text.Json by hand.</summary>
    [Benchmark(Baseline = true)]
    public Task<AuthKitTokenResponse> Baseline() => _baseline.CreateAsync(_request);

    /// <summary>The SDK's standalone client, the account's white-label flag cached (steady state).</summary>
    [Benchmark]
    public Task<AuthKitTokenResponse> AuthKitSdk() => _sdk.CreateAsync(_request);

    /// <summary>The SDK with the cached flag expired at every token: the cold path through the cache.</summary>
    [Benchmark]
    public Task<AuthKitTokenResponse> AuthKitSdkColdCache()
    {
        _clock.Expire();
        return _sdkColdCache.CreateAsync(_request);
    }

    /// <summary>The SDK with the cache off: a flags call per token, as before the cache.</summary>
    [Benchmark]
    public Task<AuthKitTokenResponse> AuthKitSdkNoCache() => _sdkNoCache.CreateAsync(_request);
}
