using AuthKit.AspNetCore.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace AuthKit.AspNetCore.Tests.Reliability;

/// <summary>
/// The caller's abort reaches Pica: when the browser goes away while Pica is slow, the endpoint's
/// calls to Pica are cancelled (their connections closed), and nothing is written or logged as a failure.
/// </summary>
public sealed class CancellationTests
{
    // Only a guard against a hung test; no assertion is made about how long anything takes.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_client_that_aborts_while_Pica_is_slow_cancels_the_calls_to_Pica()
    {
        await using var pica = new SilentPica();
        // No retry and a 10-minute attempt timeout: neither can be what closes the connections to Pica.
        await using var app = await TokenApp.StartAsync(pica.Url, "sk_test_cancellation_key", settings:
            [("AuthKit:MaxRetries", "0"), ("AuthKit:Timeout", "00:10:00")]);
        using var abort = new CancellationTokenSource();

        var call = app.Client.SendAsync(Requests.Token("user_1"), abort.Token);
        var page = await pica.WaitForAsync("POST /v1/authkit?").WaitAsync(HangGuard);
        var flags = await pica.WaitForAsync("GET /v1/users/flags").WaitAsync(HangGuard);
        Assert.False(page.Closed.Task.IsCompleted);
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await page.Closed.Task.WaitAsync(HangGuard);
        await flags.Closed.Task.WaitAsync(HangGuard);
        await Eventually(() => app.EndpointLogs.Any(r => r.Id.Id == 107)).WaitAsync(HangGuard);

        Assert.Equal(2, pica.Calls.Count);
        var logged = Assert.Single(app.EndpointLogs);
        Assert.Equal((107, LogLevel.Debug), (logged.Id.Id, logged.Level));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10);
        }
    }
}
