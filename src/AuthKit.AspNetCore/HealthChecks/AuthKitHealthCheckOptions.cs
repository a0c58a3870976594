namespace AuthKit;

/// <summary>
/// Settings of the AuthKit health check (<c>AddHealthChecks().AddAuthKit()</c>), named after its
/// registration. Validated at start.
/// </summary>
public sealed class AuthKitHealthCheckOptions
{
    /// <summary>How long an answer is kept when <see cref="CacheDuration"/> is not set: 30 seconds.</summary>
    public static readonly TimeSpan DefaultCacheDuration = TimeSpan.FromSeconds(30);

    /// <summary>The longest <see cref="CacheDuration"/> allowed: 1 hour.</summary>
    public static readonly TimeSpan MaxCacheDuration = TimeSpan.FromHours(1);

    /// <summary>
    /// How long Pica's answer to the check's call (<c>GET /v1/users/flags</c>) is reported before the
    /// next probe asks again, counted from the answer: a probe every few seconds costs Pica one call per
    /// period, whatever the number of probes (probes during a call wait for it). Every answer is kept,
    /// a refusal or a failure too, so that an outage is not made worse by the probes. A change of the SDK's
    /// options (a rotated key) is checked at the next probe, whatever is cached. Between zero (every
    /// probe asks Pica) and <see cref="MaxCacheDuration"/>; default <see cref="DefaultCacheDuration"/>.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = DefaultCacheDuration;
}
