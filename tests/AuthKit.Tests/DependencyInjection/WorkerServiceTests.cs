using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuthKit.Tests.DependencyInjection;

public sealed class WorkerServiceTests : IDisposable
{
    private readonly PicaStub _pica = new();

    public WorkerServiceTests() => _pica.ServeRows(ConnectionFaker.Rows(5, seed: 8));

    [Theory]
    [InlineData(1, 3)] // connections older than a second are replaced: DNS is looked up again
    [InlineData(600, 1)] // within the lifetime the one connection is reused
    public async Task A_singleton_worker_holding_the_client_does_not_pin_a_stale_connection(int lifetimeSeconds, int expectedConnections)
    {
        await using var proxy = new ConnectionCountingProxy(_pica.Url);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuthKit(o =>
        {
            o.SecretKey = PicaStub.SecretKey;
            o.BaseUrl = proxy.Url;
            o.PooledConnectionLifetime = TimeSpan.FromSeconds(lifetimeSeconds);
            o.FlagsGracePeriod = TimeSpan.FromSeconds(5);
        });
        builder.Services.AddSingleton<TokenWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TokenWorker>());
        using var host = builder.Build();

        await host.StartAsync();
        var worker = host.Services.GetRequiredService<TokenWorker>();
        var counts = await worker.Done.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.Equal([5, 5, 5], counts);
        // Page 1 and the flags call run alongside each other, so each round may open two connections.
        Assert.InRange(proxy.Accepted, expectedConnections, expectedConnections * 2);
    }

    /// <summary>Resolved once for the life of the process, as worker services do.</summary>
    private sealed class TokenWorker(IAuthKitToken authKit) : BackgroundService
    {
        private readonly TaskCompletionSource<int[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<int[]> Done => _done.Task;

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                var counts = new List<int>();
                for (var round = 0; round < 3; round++)
                {
                    // Sequential rounds: the flags call of round N is over before round N+1.
                    var token = await authKit.CreateAsync("worker_1", IdentityType.Project, stoppingToken);
                    counts.Add(token.Rows.Count);
                    await Task.Delay(TimeSpan.FromMilliseconds(1600), stoppingToken);
                }

                _done.SetResult([.. counts]);
            }
            catch (Exception ex)
            {
                _done.SetException(ex);
            }
        }
    }

    public void Dispose() => _pica.Dispose();
}
