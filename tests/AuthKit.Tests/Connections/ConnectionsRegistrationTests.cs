using AuthKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Tests.Connections;

/// <summary>AddAuthKit's IPicaConnections: the token's pipeline, and its log lines.</summary>
public sealed class ConnectionsRegistrationTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    private sealed class SeenHandler : DelegatingHandler
    {
        public List<string> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task AddAuthKit_registers_the_connections_on_the_tokens_HTTP_pipeline_and_key()
    {
        var gmail = _pica.Connect("user_1", IdentityType.User, "gmail");
        var seen = new SeenHandler();
        var services = new ServiceCollection().AddLogging();
        services.AddAuthKit(o =>
        {
            o.SecretKey = _pica.SecretKey;
            o.BaseUrl = _pica.Url;
        }).AddHttpMessageHandler(() => seen);
        await using var provider = services.BuildServiceProvider();

        var connections = provider.GetRequiredService<IPicaConnections>();
        Assert.Same(connections, provider.GetRequiredService<IPicaConnections>());
        Assert.Equal(gmail.Id, (await connections.ForIdentity("user_1", IdentityType.User).GetAsync(gmail.Id))!.Id);

        Assert.Equal([$"GET /v1/vault/connections/{gmail.Id}"], seen.Seen);
        Assert.True(Assert.Single(_pica.ReceivedRequests).SecretKeyMatched);
    }

    [Fact]
    public async Task A_refused_foreign_id_and_a_deletion_are_logged_with_their_event_ids_and_never_the_key_or_identity()
    {
        var theirs = _pica.Connect("user_secret_2", IdentityType.User, "gmail");
        var mineId = _pica.Connect("user_secret_1", IdentityType.User, "slack").Id;
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var mine = new PicaConnections(_pica.CreateOptions(), loggerFactory).ForIdentity("user_secret_1", IdentityType.User);

        Assert.False(await mine.DeleteAsync(theirs.Id));
        Assert.True(await mine.DeleteAsync(mineId));

        var logs = collector.GetSnapshot();
        Assert.Contains(logs, l => l.Id.Id == 23 && l.Level == LogLevel.Warning && l.Message.Contains(theirs.Id, StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Id.Id == 24 && l.Message.Contains(mineId, StringComparison.Ordinal));
        Assert.All(logs, l =>
        {
            Assert.DoesNotContain(_pica.SecretKey, l.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("user_secret", l.Message, StringComparison.Ordinal);
        });
    }
}
