namespace AuthKit;

/// <summary>
/// Names under which the SDK reports traces and metrics, for OpenTelemetry's
/// <c>AddSource(AuthKitDiagnostics.ActivitySourceName)</c> and <c>AddMeter(AuthKitDiagnostics.MeterName)</c>.
/// </summary>
public static class AuthKitDiagnostics
{
    /// <summary>Name of the <see cref="System.Diagnostics.ActivitySource"/>: a span per token and per HTTP attempt.</summary>
    public const string ActivitySourceName = "AuthKit";

    /// <summary>
    /// Name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>authkit.token.duration</c> (histogram, seconds),
    /// and the counters <c>authkit.pages</c>, <c>authkit.retries</c> and <c>authkit.failures</c>.
    /// </summary>
    public const string MeterName = "AuthKit";
}
