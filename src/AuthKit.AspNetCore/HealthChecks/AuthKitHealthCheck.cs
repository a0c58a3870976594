using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// Whether Pica accepts the app's secret key: one <c>GET /v1/users/flags</c> through the SDK's own client
/// (its key, BaseUrl, retries and timeouts), its answer kept for <see cref="AuthKitHealthCheckOptions.CacheDuration"/>.
/// Healthy when Pica answers; the registration's failure status (Unhealthy by default) when it refuses the
/// key (401/403) or answers another 4xx; Degraded when it cannot be reached, times out or answers 5xx, 408 or 429.
/// </summary>
internal sealed class AuthKitHealthCheck(
    IPicaAuthKitApi api,
    IOptionsMonitor<AuthKitOptions> sdkOptions,
    IOptionsMonitor<AuthKitHealthCheckOptions> options,
    TimeProvider time,
    string name) : IHealthCheck
{
    private readonly object _gate = new();
    private FlagsProbe? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answer = await Current().Answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>(2, StringComparer.Ordinal)
        {
            ["baseUrl"] = sdkOptions.CurrentValue.BaseUrl.GetLeftPart(UriPartial.Authority),
        };
        if (answer.PicaStatus is { } status)
        {
            data["picaStatus"] = status;
        }

        return new HealthCheckResult(answer.Status ?? context.Registration.FailureStatus, answer.Description, exception: null, data);
    }

    // The answer in force, or a new call: none yet, the cached one too old, or the SDK's options changed
    // (a reloaded key must not be reported with the old key's answer).
    private FlagsProbe Current()
    {
        var sdk = sdkOptions.CurrentValue;
        var maxAge = options.Get(name).CacheDuration;
        lock (_gate)
        {
            if (_last is { } last && ReferenceEquals(last.Options, sdk) && !last.IsStale(maxAge))
            {
                return last;
            }

            var probe = new FlagsProbe(sdk, time);
            probe.Start(api);
            _last = probe;
            return probe;
        }
    }
}
