using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.AspNetCore.Tests.Cors;

/// <summary>What reaches the log from a refused origin, whatever a non-browser client put in it.</summary>
public sealed class RefusedOriginLogTests
{
    [Fact]
    public void Control_characters_are_replaced_and_the_origin_is_bounded()
    {
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)));
        var log = new RefusedOriginLog(factory);

        log.Report("https://a.example\r\nFAKE LOG LINE\u0007\u001b[31m" + new string('x', 1000));

        var record = Assert.Single(collector.GetSnapshot());
        Assert.DoesNotContain('\r', record.Message);
        Assert.DoesNotContain('\n', record.Message);
        Assert.DoesNotContain('\u001b', record.Message);
        Assert.Contains("https://a.example??FAKE LOG LINE??[31m", record.Message);
        var origin = (string)record.StructuredState!.Single(p => p.Key == "Origin").Value!;
        Assert.Equal(RefusedOriginLog.MaxOriginLength + 1, origin.Length);
        Assert.EndsWith("x…", origin);
    }
}
