using System.Reflection;
using AuthKit;
using AuthKit.Mcp.Tool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// stdout carries the protocol and nothing else: help is the one exception, asked for at a terminal.
if (args is ["--help"] or ["-h"] or ["-?"])
{
    Console.Out.Write(ToolUsage.Text);
    return 0;
}

// Only the environment and the command line: a desktop host starts the tool in a folder of its own choosing,
// where an appsettings.json would be a stranger's.
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args);

var settings = McpToolSettings.Read(builder.Configuration, out var problems);
if (settings is null)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"authkit-mcp: {problem}");
    }

    Console.Error.WriteLine("authkit-mcp: not started (authkit-mcp --help lists the settings).");
    return 2;
}

builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
builder.Services
    .AddMcpServer(server => server.ServerInfo = new Implementation
    {
        Name = "authkit-mcp",
        Title = "AuthKit",
        Version = typeof(McpToolSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
    })
    .WithStdioServerTransport()
    .WithAuthKitTools(sp => sp.GetRequiredService<IPicaConnections>().ForIdentity(settings.Identity, settings.IdentityType), settings.Tools);

using var host = builder.Build();
try
{
    // Made here rather than on the first tools/list, so that an invalid setting stops the tool at start: the
    // tools need the identity's connections, which need AuthKit's options bound and validated.
    _ = host.Services.GetRequiredService<IOptions<McpServerOptions>>().Value;
}
catch (Exception ex) when (ex is OptionsValidationException or ArgumentException or InvalidOperationException)
{
    // AuthKit's messages and the configuration binder's name the setting; none quotes the key.
    var messages = ex is OptionsValidationException validation ? validation.Failures : [ex.Message];
    foreach (var message in messages)
    {
        Console.Error.WriteLine($"authkit-mcp: {message}");
    }

    Console.Error.WriteLine("authkit-mcp: not started (authkit-mcp --help lists the settings).");
    return 2;
}

// Until the host closes stdin (or Ctrl+C, SIGTERM).
await host.RunAsync().ConfigureAwait(false);
return 0;
