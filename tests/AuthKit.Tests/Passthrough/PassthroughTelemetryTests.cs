using System.Diagnostics;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static AuthKit.Tests.Passthrough.TwoTenants;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// A span, a duration and a log line per passthrough call, with the platform, the action id, the method
/// and the status; none of them, nor the runtime's own HTTP spans and metrics, holds either key, the
/// identity or a value of the query.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class PassthroughTelemetryTests
{
    private const string QueryValue = "q7Secret-Query-Value";

    [Fact]
    public async Task Each_call_has_a_span_a_duration_and_a_log_line_without_keys_identity_or_query_values()
    {
        await using var pica = await StartAsync();
        var collector = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        using var http = await new PicaConnections(new AuthKitOptions { SecretKey = Secret, BaseUrl = pica.Url }, loggers)
            .ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(MyKey, ActionId);
        using var recorder = new TelemetryRecorder();

        var trace = recorder.StartTrace(nameof(PassthroughTelemetryTests));
        (await http.GetAsync($"users/me/profile?fields=id&token={QueryValue}")).Dispose();
        using var other = new HttpRequestMessage(HttpMethod.Post, $"messages/send?draft={QueryValue}") { Content = new StringContent("{}") };
        (await http.SendAsync(other.SetPicaActionId("conn_mod_def::send::action"))).Dispose();
        trace.Dispose();

        var spans = recorder.SpansOf(trace);
        var ours = spans.Where(s => s.Source.Name == AuthKitDiagnostics.ActivitySourceName).ToList();
        Assert.Equal(
            [("AuthKit Passthrough", ActivityKind.Client, "gmail", ActionId, "GET", 200), ("AuthKit Passthrough", ActivityKind.Client, "gmail", "conn_mod_def::send::action", "POST", 200)],
            ours.OrderBy(s => s.StartTimeUtc).Select(s => (s.DisplayName, s.Kind, s.GetTagItem("authkit.platform"), s.GetTagItem("authkit.action_id"), s.GetTagItem("http.request.method"), s.GetTagItem("http.response.status_code")))
                .Select(t => (t.DisplayName, t.Kind, (string)t.Item3!, (string)t.Item4!, (string)t.Item5!, (int)t.Item6!)).ToArray());
        var durations = recorder.MeasurementsOf(trace, "authkit.passthrough.duration");
        Assert.Equal(
            [("gmail", ActionId, 200), ("gmail", "conn_mod_def::send::action", 200)],
            durations.Select(m => ((string)m.Tag("authkit.platform")!, (string)m.Tag("authkit.action_id")!, (int)m.Tag("http.response.status_code")!)).ToArray());
        Assert.Equal(2, collector.GetSnapshot().Count(r => r.Id.Name == "PassthroughCalled"));

        foreach (var secret in new[] { Secret, MyKey, QueryValue, "user_1" })
        {
            var sweeper = new SecretSweeper(secret);
            sweeper.Spans("spans", spans);
            sweeper.Metrics("metrics", recorder.Measurements.Where(m => m.TraceId == trace.TraceId));
            sweeper.Logs("logs", collector.GetSnapshot().Where(r => r.Category == typeof(PicaConnections).FullName));
            Assert.Empty(sweeper.Findings);
        }
    }
}
