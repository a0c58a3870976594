using System.Diagnostics;
using AuthKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace AuthKit.Tests.Reliability;

/// <summary>
/// One call has an overall deadline (<c>TotalTimeout</c>, default 2 minutes): pages that each answer in
/// time but add up to more end in an <see cref="AuthKitException"/> with a <see cref="TimeoutException"/>
/// inside, which the caller's own cancellation (an <see cref="OperationCanceledException"/>) is not.
/// </summary>
public sealed class TotalTimeoutTests : IDisposable
{
    private readonly PicaStub _pica = new();
    private readonly ITestOutputHelper _output;

    public TotalTimeoutTests(ITestOutputHelper output)
    {
        _output = output;

        // Five pages of one connection, each answering after 1 s: well within Timeout, 5 s in all one by one.
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(5, seed: 99), pageSize: 1);
        for (var i = 0; i < pages.Count; i++)
        {
            _pica.Page(i + 1, PicaStub.Json(pages[i].ToJsonString()).WithDelay(TimeSpan.FromSeconds(1)));
        }

        _pica.Flags(true);
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task A_call_over_TotalTimeout_is_an_AuthKitException_with_a_TimeoutException_inside(ClientMode mode)
    {
        await using var client = TestClient.Create(mode, o => Configure(o, TimeSpan.FromMilliseconds(1500)));

        var started = Stopwatch.StartNew();
        var error = await DocumentedExceptions.CatchAsync(() => client.AuthKit.CreateAsync("user_1", IdentityType.User));

        _output.WriteLine($"{mode}: {error.GetType().Name} after {started.ElapsedMilliseconds} ms: {error.Message}");
        var timedOut = Assert.IsType<AuthKitException>(error);
        Assert.IsType<TimeoutException>(timedOut.InnerException);
        Assert.Contains("TotalTimeout", timedOut.Message, StringComparison.Ordinal);
        Assert.True(_pica.PageRequests().Count < 5, "every page was requested");
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task The_callers_cancellation_stays_an_OperationCanceledException(ClientMode mode)
    {
        await using var client = TestClient.Create(mode, o => Configure(o, TimeSpan.FromMinutes(1)));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await DocumentedExceptions.CatchAsync(() => client.AuthKit.CreateAsync("user_1", IdentityType.User, cancellation.Token));

        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
    }

    public void Dispose() => _pica.Dispose();

    private void Configure(AuthKitOptions options, TimeSpan totalTimeout)
    {
        options.SecretKey = PicaStub.SecretKey;
        options.BaseUrl = _pica.Url;
        options.PageSize = 1;
        options.MaxConcurrentPageRequests = 1;
        options.Timeout = TimeSpan.FromSeconds(20);
        options.TotalTimeout = totalTimeout;
    }
}
