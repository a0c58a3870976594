using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Tests.Paging;

public sealed class WhiteLabelTests : IDisposable
{
    private readonly PicaStub _pica = new();
    private readonly FakeLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public WhiteLabelTests()
    {
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        _pica.Page(1, PicaStub.Json(ConnectionFaker.Pages(ConnectionFaker.Rows(4), 100)[0].ToJsonString()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_flag_becomes_isWhiteLabel(bool whitelisted)
    {
        _pica.Flags(whitelisted);

        var token = await _pica.Client().CreateAsync("user_1", IdentityType.User);

        Assert.Equal(whitelisted, token.IsWhiteLabel);
    }

    [Theory]
    [InlineData(500, "{}")]
    [InlineData(401, """{"error":"nope"}""")]
    [InlineData(200, "not json")]
    [InlineData(200, """{"accessList":[]}""")]
    public async Task A_failing_flags_call_gives_false_and_a_warning_never_a_failed_token(int status, string body)
    {
        _pica.Flags(PicaStub.Json(body, status));

        var token = await _pica.Client(o => o.MaxRetries = 1, _loggerFactory).CreateAsync("user_1", IdentityType.User);

        Assert.False(token.IsWhiteLabel);
        Assert.Equal(4, token.Rows.Count);
        if (body != """{"accessList":[]}""")
        {
            var warning = Assert.Single(_logs.Collector.GetSnapshot(), r => r.Id.Id == 3);
            Assert.Equal(LogLevel.Warning, warning.Level);
        }
    }

    [Fact]
    public async Task A_slow_flags_call_holds_the_token_back_only_for_the_grace_period()
    {
        _pica.Flags(PicaStub.Json("""{"authkitWhitelist":true}""").WithDelay(5000));

        var token = await _pica.Client(o => o.FlagsGracePeriod = TimeSpan.FromMilliseconds(200), _loggerFactory).CreateAsync();

        // The flag, once it comes, says true: false means the token did not wait for it. How long the
        // grace period really lasts is measured in FlagsGraceTests, away from the parallel tests.
        Assert.False(token.IsWhiteLabel);
        Assert.Contains(_logs.Collector.GetSnapshot(), r => r.Id.Id == 3 && r.Message.Contains("grace period", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _pica.Dispose();
    }
}
