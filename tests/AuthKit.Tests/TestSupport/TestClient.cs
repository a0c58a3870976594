using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Tests.TestSupport;

/// <summary>The two ways a user gets a client: <c>AddAuthKit</c> and <c>new AuthKitToken(…)</c>.</summary>
public enum ClientMode
{
    DependencyInjection,
    Standalone,
}

/// <summary>
/// A client built the way <see cref="ClientMode"/> says, with every log level collected, for tests
/// that must hold for both registrations.
/// </summary>
internal sealed class TestClient : IAsyncDisposable
{
    private readonly ServiceProvider? _services;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly IDisposable? _owned;

    private TestClient(IAuthKitToken authKit, FakeLogCollector logs, ServiceProvider? services, ILoggerFactory? loggerFactory, IDisposable? owned = null)
    {
        AuthKit = authKit;
        Logs = logs;
        _services = services;
        _loggerFactory = loggerFactory;
        _owned = owned;
    }

    public IAuthKitToken AuthKit { get; }

    public FakeLogCollector Logs { get; }

    /// <param name="http">DI only: changes to the returned HTTP client builder (a swapped primary handler, say).</param>
    public static TestClient Create(ClientMode mode, Action<AuthKitOptions> configure, Action<IHttpClientBuilder>? http = null)
    {
        var logs = new FakeLogCollector();
        if (mode == ClientMode.DependencyInjection)
        {
            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
            var builder = services.AddAuthKit(configure);
            http?.Invoke(builder);
            var provider = services.BuildServiceProvider();
            return new TestClient(provider.GetRequiredService<IAuthKitToken>(), logs, provider, null);
        }

        if (http is not null)
        {
            throw new ArgumentException("Only AddAuthKit returns an HTTP client builder.", nameof(http));
        }

        var options = new AuthKitOptions();
        configure(options);
        var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        return new TestClient(new AuthKitToken(options, loggerFactory), logs, null, loggerFactory);
    }

    /// <summary>A standalone client built by the test (over its own primary handler, say), disposing <paramref name="owned"/> with it.</summary>
    public static TestClient Standalone(AuthKitToken authKit, IDisposable owned) => new(authKit, new FakeLogCollector(), null, null, owned);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _loggerFactory?.Dispose();
        _owned?.Dispose();
    }
}
