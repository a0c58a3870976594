using AuthKit.Samples;
using AuthKit.Testing;
using Microsoft.Extensions.Options;

namespace AuthKit.Sample.Agent;

/// <summary>
/// An agent with one user's AuthKit tools: a chat loop (<c>FunctionInvokingChatClient</c>) that lists the user's
/// connections, finds a Gmail action, reads how to call it and executes it. <see cref="Create"/> and
/// <see cref="RunAsync"/> are shared with the tests, which run the sample in-process.
/// </summary>
public static class Program
{
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

    /// <summary>
    /// Builds the host: AuthKit from configuration section <c>AuthKit</c> (the embedded emulator without a secret
    /// key), the agent from <c>Agent</c>, the model from <c>OpenAI</c>.
    /// </summary>
    /// <param name="args">Command-line arguments (e.g. <c>--Agent:ShowRequests=true</c>, <c>--OpenAI:Model=gpt-4.1-mini</c>).</param>
    /// <param name="configure">Lets tests add configuration or services before the embedded default is decided.</param>
    /// <returns>The host, not started.</returns>
    public static IHost Create(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        configure?.Invoke(builder);

        var emulator = EmbeddedPica.StartIfNoKey(builder.Configuration);
        if (emulator is not null)
        {
            // Beside the Quickstart's gmail and slack, a calendar: the agent has more than one thing to choose from.
            emulator.Connect(EmbeddedPica.VaultIdentity, IdentityType.User, "google-calendar");
            builder.Services.AddSingleton(emulator);
        }

        builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
        builder.Services.AddOptions<AgentOptions>()
            .Bind(builder.Configuration.GetSection(AgentOptions.SectionName))
            .ValidateDataAnnotations()
            // The SDK's own rules for an identity; ForIdentity only checks them, it sends nothing.
            .Validate<IPicaConnections>((o, connections) => IsValidIdentity(connections, o.Identity),
                "Agent:Identity is not a valid identity (empty, blank, too long, or holds a colon, a comma, a '|', white space or a control character).")
            .ValidateOnStart();
        builder.Services.AddOptions<ModelOptions>()
            .Bind(builder.Configuration.GetSection(ModelOptions.SectionName))
            .Validate(o => !o.IsConfigured || !string.IsNullOrWhiteSpace(o.ApiKey),
                "OpenAI:Model is set and OpenAI:ApiKey is not: set it (environment variable OpenAI__ApiKey); a local server that needs no key takes any text.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AgentChat>();

        // The output is the conversation: no host banner, no line per HTTP request.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var host = builder.Build();
        if (emulator is not null)
        {
            EmbeddedPica.LogWarning(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AuthKit.Sample.Agent"), emulator);
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(emulator.Dispose);
        }

        return host;
    }

    /// <summary>
    /// Starts the host (the options are validated then), runs the chat, stops and disposes the host. Returns the
    /// process exit code: 0 when the chat finished (with the scripted model: with no tool error); 1 otherwise.
    /// </summary>
    /// <param name="host">A host from <see cref="Create"/>.</param>
    /// <param name="output">Where the conversation is printed.</param>
    /// <param name="cancellationToken">Stops the run, as Ctrl+C does.</param>
    /// <returns>The exit code.</returns>
    /// <exception cref="OptionsValidationException">The <c>Agent</c>, <c>OpenAI</c> or <c>AuthKit</c> options are invalid (nothing was sent).</exception>
    public static async Task<int> RunAsync(IHost host, TextWriter output, CancellationToken cancellationToken = default)
    {
        using (host)
        {
            await host.StartAsync(cancellationToken);
            try
            {
                var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
                using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
                return await host.Services.GetRequiredService<AgentChat>().RunAsync(output, host.Services.GetService<PicaEmulator>(), stopping.Token);
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
