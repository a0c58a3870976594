using BenchmarkDotNet.Attributes;
using AuthKit.Bench;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthKit.Benchmarks;

/// <summary>
/// <see cref="AuthKitToken.CreateAsync"/> (the whole standalone pipeline: Refit generated client,
/// resilience handler, attempt span, buffering handler, facade) against <see cref="BaselineClient"/>,
/// both over the same in-memory handler answering 100-row pages.
/// </summary>
[MemoryDiagnoser]
public class CreateTokenBenchmarks
{
    private static readonly Uri BaseUrl = new("https://pica.invalid");
    private const string SecretKey = "sk_test_benchmark_0123456789abcdef";

    private readonly AuthKitTokenRequest _request = new() { Identity = "user_123", IdentityType = IdentityType.User };
    private AuthKitToken _sdk = null!;
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
        _baseline = new BaselineClient(handler, BaseUrl, SecretKey);

        // Both must build the same token, or the comparison means nothing.
        var ours = _sdk.CreateAsync(_request).GetAwaiter().GetResult();
        var theirs = _baseline.CreateAsync(_request).GetAwaiter().GetResult();
        if (ours.Rows.Count != Pages * 100 || theirs.Rows.Count != ours.Rows.Count || ours.RequestId != theirs.RequestId || ours.IsWhiteLabel != theirs.IsWhiteLabel)
        {
            throw new InvalidOperationException("The SDK and the baseline disagree on the token.");
        }
    }

    /// <summary>HttpClient + source-generated System.Text.Json by hand.</summary>
    [Benchmark(Baseline = true)]
    public Task<AuthKitTokenResponse> Baseline() => _baseline.CreateAsync(_request);

    /// <summary>The SDK's standalone client.</summary>
    [Benchmark]
    public Task<AuthKitTokenResponse> AuthKitSdk() => _sdk.CreateAsync(_request);
}
