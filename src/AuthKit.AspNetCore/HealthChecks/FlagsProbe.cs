using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Refit;

namespace AuthKit;

/// <summary>
/// One call of the health check to Pica (the SDK's own flags call) and what it says, shared by the probes
/// that come while it runs and, once answered, by those within the cache period. Its description and data
/// are the check's own words and numbers (a status, an error kind): never the key, never Pica's text.
/// </summary>
internal sealed class FlagsProbe
{
    private readonly TimeProvider _time;
    private long _answeredAt = -1;

    public FlagsProbe(AuthKitOptions options, TimeProvider time)
    {
        Options = options;
        _time = time;
    }

    /// <summary>The SDK's options the call was made with: another snapshot (a rotated key) needs another call.</summary>
    public AuthKitOptions Options { get; }

    public Task<ProbeAnswer> Answer { get; private set; } = null!;

    public void Start(IPicaAuthKitApi api) => Answer = RunAsync(api);

    /// <summary>Whether the answer is older than <paramref name="maxAge"/> (a call still out never is).</summary>
    public bool IsStale(TimeSpan maxAge)
    {
        var answeredAt = Volatile.Read(ref _answeredAt);
        return answeredAt >= 0 && _time.GetElapsedTime(answeredAt) >= maxAge;
    }

    private async Task<ProbeAnswer> RunAsync(IPicaAuthKitApi api)
    {
        ProbeAnswer answer;
        try
        {
            // Not the probe's cancellation: other probes share the call. The SDK's attempt timeout and
            // retries bound it, and the total timeout of a token bounds it as a whole.
            using var deadline = new CancellationTokenSource(Options.TotalTimeout, _time);
            await Call(api, deadline.Token).ConfigureAwait(false);
            answer = new ProbeAnswer(HealthStatus.Healthy, $"{Platform.Name} accepts the secret key.", null);
        }
        catch (Exception ex)
        {
            answer = Failed(ex);
        }

        Volatile.Write(ref _answeredAt, _time.GetTimestamp());
        return answer;
    }

    // The platform's own key check (AuthKitPlatformDialect.HealthCheckPath): the flags call where the platform
    // has it (the SDK's own call, so the check sees what a token sees), One's whoami where it has not.
    private Task Call(IPicaAuthKitApi api, CancellationToken cancellationToken) =>
        AuthKitPlatformDialect.For(Options.Platform).CallsWhiteLabelFlags
            ? api.GetUserFlagsAsync(cancellationToken)
            : api.GetWhoAmIAsync(cancellationToken);

    private ProbeAnswer Failed(Exception ex) => ex switch
    {
        ApiRequestException { InnerException: { } inner } => Failed(inner),
        ApiException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } api => new ProbeAnswer(null,
            $"{Platform.Name} refuses the secret key (HTTP {(int)api.StatusCode}): it is wrong, revoked, or not a key of this {Platform.Name} (AuthKit:BaseUrl, AuthKit:Platform). " +
            "Set a valid AuthKit:SecretKey; tokens cannot be created until then.", (int)api.StatusCode),
        ApiException { InnerException: null } api when (int)api.StatusCode is >= 500 or 408 or 429 => new ProbeAnswer(HealthStatus.Degraded,
            $"Pica is unavailable: it answered HTTP {(int)api.StatusCode}. Tokens fail until it answers again.", (int)api.StatusCode),
        ApiException { InnerException: null } api when (int)api.StatusCode is >= 400 and < 500 => new ProbeAnswer(null,
            $"{Platform.Name} answered HTTP {(int)api.StatusCode} to the check's call (GET {Platform.HealthCheckPath}): is AuthKit:BaseUrl {Platform.Name}'s API?", (int)api.StatusCode),
        ApiException api => new ProbeAnswer(HealthStatus.Degraded,
            $"Pica's answer (HTTP {(int)api.StatusCode}) could not be read.", (int)api.StatusCode),
        HttpRequestException http => new ProbeAnswer(HealthStatus.Degraded,
            $"Pica could not be reached ({Reason(http)}). Tokens fail until it can.", null),
        _ => new ProbeAnswer(HealthStatus.Degraded,
            $"Pica did not answer in time or the call failed ({ex.GetType().Name}). Tokens may fail.", null),
    };

    private AuthKitPlatformDialect Platform => AuthKitPlatformDialect.For(Options.Platform);

    private static string Reason(HttpRequestException http) => http.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved",
        HttpRequestError.ConnectionError => "the connection failed",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.Unknown => "the request failed",
        var other => other.ToString(),
    };
}

/// <summary>What a call said: <see cref="Status"/> <see langword="null"/> means the registration's failure status.</summary>
internal sealed record ProbeAnswer(HealthStatus? Status, string Description, int? PicaStatus);
