using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.AspNetCore.Tests.Cors;

/// <summary>What reaches the log from a refused origin or request header, whatever a non-browser client put in it.</summary>
public sealed class RefusedPreflightLogTests
{
    [Fact]
    public void Control_characters_are_replaced_and_the_origin_is_bounded()
    {
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)));
        var log = new RefusedPreflightLog(factory, Microsoft.Extensions.Options.Options.Create(new AuthKitOptions()));

        log.ReportOrigin("https://a.example\r\nFAKE LOG LINE\u0007\u001b[31m" + new string('x', 1000));

        var record = Assert.Single(collector.GetSnapshot());
        Assert.DoesNotContain('\r', record.Message);
        Assert.DoesNotContain('\n', record.Message);
        Assert.DoesNotContain('\u001b', record.Message);
        Assert.Contains("https://a.example??FAKE LOG LINE??[31m", record.Message);
        var origin = (string)record.StructuredState!.Single(p => p.Key == "Origin").Value!;
        Assert.Equal(RefusedPreflightLog.MaxOriginLength + 1, origin.Length);
        Assert.EndsWith("x…", origin);
    }

    [Fact]
    public void A_header_name_is_cleaned_bounded_and_logged_once_whatever_its_case()
    {
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)));
        var log = new RefusedPreflightLog(factory, Microsoft.Extensions.Options.Options.Create(new AuthKitOptions()));
        var hostile = "x-evil\r\nFAKE LOG LINE" + new string('h', 500);

        log.ReportHeader(hostile);
        log.ReportHeader(hostile.ToUpperInvariant());
        log.ReportHeader("x-dev-user");
        log.ReportHeader("X-Dev-User");

        var records = collector.GetSnapshot();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal((108, "HeaderRefused"), (r.Id.Id, r.Id.Name)));
        Assert.DoesNotContain('\r', records[0].Message);
        Assert.DoesNotContain('\n', records[0].Message);
        var header = (string)records[0].StructuredState!.Single(p => p.Key == "Header").Value!;
        Assert.Equal(RefusedPreflightLog.MaxHeaderLength + 1, header.Length);
        Assert.StartsWith("x-evil??FAKE LOG LINE", header);
        Assert.Equal("x-dev-user", (string)records[1].StructuredState!.Single(p => p.Key == "Header").Value!);
    }

    [Fact]
    public void Origins_and_headers_have_limits_of_their_own()
    {
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)));
        var log = new RefusedPreflightLog(factory, Microsoft.Extensions.Options.Options.Create(new AuthKitOptions()));

        for (var i = 0; i <= RefusedPreflightLog.MaxOrigins + 5; i++)
        {
            log.ReportOrigin($"https://site{i}.example");
        }

        log.ReportHeader("x-dev-user");

        var ids = collector.GetSnapshot().Select(r => r.Id.Id).ToArray();
        Assert.Equal(RefusedPreflightLog.MaxOrigins, ids.Count(id => id == 101));
        Assert.Equal(1, ids.Count(id => id == 102));
        Assert.Equal(108, ids[^1]);
    }
}
