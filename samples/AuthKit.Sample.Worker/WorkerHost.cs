using AuthKit.Samples;

namespace AuthKit.Sample.Worker;

/// <summary>Builds the worker's host; shared by <c>Program</c> and the tests, which run it in-process.</summary>
public static class WorkerHost
{
    /// <summary>Builds the host: AuthKit from configuration section <c>AuthKit</c>, the batch from <c>TokenBatch</c>.</summary>
    /// <param name="args">Command-line arguments (e.g. <c>--TokenBatch:Count=200</c>).</param>
    /// <param name="configure">Lets tests add configuration or services before the embedded default is decided.</param>
    /// <returns>The host, not started.</returns>
    public static IHost Create(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        configure?.Invoke(builder);

        // Some latency, so that the batch's concurrency shows.
        var emulator = EmbeddedPica.StartIfNoKey(builder.Configuration, (TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250)));
        if (emulator is not null)
        {
            builder.Services.AddSingleton(emulator);
        }

        builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
        builder.Services.AddOptions<TokenBatchOptions>()
            .Bind(builder.Configuration.GetSection(TokenBatchOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenBatchWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TokenBatchWorker>());

        var host = builder.Build();
        if (emulator is not null)
        {
            EmbeddedPica.LogWarning(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AuthKit.Sample.Worker"), emulator);
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(emulator.Dispose);
        }

        return host;
    }

    /// <summary>
    /// Runs the host until the batch ends or Ctrl+C stops it, and disposes it. Returns the process exit
    /// code: 0 when every token was created or the run was stopped with Ctrl+C, 1 when some tokens
    /// failed or the batch never ran.
    /// </summary>
    /// <param name="host">A host from <see cref="Create"/>.</param>
    /// <param name="cancellationToken">Stops the host, as Ctrl+C does.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IHost host, CancellationToken cancellationToken = default)
    {
        // Resolved before the run: RunAsync disposes the host's services when it returns.
        var worker = host.Services.GetRequiredService<TokenBatchWorker>();
        await host.RunAsync(cancellationToken);
        return worker.Summary is { Failed: 0 } ? 0 : 1;
    }
}
