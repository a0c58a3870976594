using AuthKit.Samples;
using Microsoft.Extensions.Options;

namespace AuthKit.Sample.Connections;

/// <summary>
/// Lists a user's connections and calls each one through Pica's passthrough. <see cref="Create"/> and
/// <see cref="RunAsync"/> are shared with the tests, which run the sample in-process.
/// </summary>
public static class Program
{
    // Ctrl+C stops the host's lifetime, which cancels the listing or the call in flight.
    private static async Task<int> Main(string[] args)
    {
        try
        {
            return await RunAsync(Create(args), Console.Out);
        }
        catch (OptionsValidationException ex)
        {
            // A setting to fix, not a crash: its message, without a stack trace.
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    /// <summary>Builds the host: AuthKit from configuration section <c>AuthKit</c>, what to call from <c>Connections</c>.</summary>
    /// <param name="args">Command-line arguments (e.g. <c>--Connections:Identity=user_456</c>).</param>
    /// <param name="configure">Lets tests add configuration or services before the embedded default is decided.</param>
    /// <returns>The host, not started.</returns>
    public static IHost Create(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        configure?.Invoke(builder);

        var emulator = EmbeddedPica.StartIfNoKey(builder.Configuration);
        if (emulator is not null)
        {
            builder.Services.AddSingleton(emulator);
        }

        builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
        builder.Services.AddOptions<ConnectionsOptions>()
            .Bind(builder.Configuration.GetSection(ConnectionsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.PathStaysInPassthrough(),
                "Connections:Path must be a path relative to the integration's API, e.g. users/me/profile (no leading '/', no '..').")
            // The SDK's own rules for an identity; ForIdentity only checks them, it sends nothing.
            .Validate<IPicaConnections>((o, connections) => IsValidIdentity(connections, o.Identity),
                "Connections:Identity is not a valid identity (empty, blank, too long, or holds a colon, a comma, a '|', white space or a control character).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ConnectionCalls>();

        // The output is the sample's printed lines: no host banner, no line per HTTP request.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var host = builder.Build();
        if (emulator is not null)
        {
            EmbeddedPica.LogWarning(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AuthKit.Sample.Connections"), emulator);
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(emulator.Dispose);
        }

        return host;
    }

    /// <summary>
    /// Starts the host (the options are validated then), lists and calls the connections, stops and
    /// disposes the host. Returns the process exit code: 0 when every call answered 2xx; 1 when one did
    /// not, when the identity has no connection, when listing failed, or after Ctrl+C.
    /// </summary>
    /// <param name="host">A host from <see cref="Create"/>.</param>
    /// <param name="output">Where the lines are printed.</param>
    /// <param name="cancellationToken">Stops the run, as Ctrl+C does.</param>
    /// <returns>The exit code.</returns>
    /// <exception cref="OptionsValidationException">The <c>Connections</c> or <c>AuthKit</c> options are invalid (nothing was sent).</exception>
    public static async Task<int> RunAsync(IHost host, TextWriter output, CancellationToken cancellationToken = default)
    {
        using (host)
        {
            await host.StartAsync(cancellationToken);
            try
            {
                var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
                using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
                return await host.Services.GetRequiredService<ConnectionCalls>().RunAsync(output, stopping.Token);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
    }

    private static bool IsValidIdentity(IPicaConnections connections, string identity)
    {
        try
        {
            connections.ForIdentity(identity, IdentityType.User);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
