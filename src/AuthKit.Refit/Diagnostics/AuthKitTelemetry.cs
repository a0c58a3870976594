using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AuthKit;

internal static class AuthKitTelemetry
{
    private static readonly string Version = typeof(AuthKitTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static readonly ActivitySource ActivitySource = new(AuthKitDiagnostics.ActivitySourceName, Version);

    public static readonly Meter Meter = new(AuthKitDiagnostics.MeterName, Version);

    public static readonly Histogram<double> TokenDuration =
        Meter.CreateHistogram<double>("authkit.token.duration", "s", "Time to create an AuthKit token, all pages and retries included.");

    public static readonly Counter<long> Pages =
        Meter.CreateCounter<long>("authkit.pages", "{page}", "Pages of AuthKit tokens received.");

    public static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("authkit.retries", "{retry}", "Requests to Pica retried after a transient failure.");

    public static readonly Histogram<double> ConnectionsDuration =
        Meter.CreateHistogram<double>("authkit.connections.duration", "s", "Time of a call to Pica's Vault API (authkit.operation: list, get, update_tags, delete), pages and retries included.");

    public static readonly Histogram<double> PassthroughDuration =
        Meter.CreateHistogram<double>("authkit.passthrough.duration", "s", "Time of a passthrough call until its answer's headers (authkit.platform, authkit.action_id, http.response.status_code), retries included.");

    public static readonly Counter<long> Failures =
        Meter.CreateCounter<long>("authkit.failures", "{failure}", "AuthKit tokens that could not be created.");
}
