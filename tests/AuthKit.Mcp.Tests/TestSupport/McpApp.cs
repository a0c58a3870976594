using System.Net;
using System.Text;
using System.Text.Json;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ModelContextProtocol.Client;

namespace AuthKit.Mcp.Tests.TestSupport;

/// <summary>
/// A real app on Kestrel (127.0.0.1, a free port): AddAuthKit pointed at the emulator, AddAuthKitMcp, the
/// tests' authentication, and by default <c>app.MapAuthKitMcp()</c> alone; the test changes services and
/// pipeline as an app would. Clients are the official MCP C# client over Streamable HTTP.
/// </summary>
internal sealed class McpApp : IAsyncDisposable
{
    // The MCP revision before 2026-07-28: the initialize handshake, as the TypeScript SDK's client speaks it.
    public const string InitializeRevision = "2025-11-25";

    private static readonly Lazy<string> EmptyContentRoot = new(() => Directory.CreateTempSubdirectory("authkit-mcpapp-").FullName);

    private readonly List<IAsyncDisposable> _clients = [];

    private McpApp(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public Uri Mcp => new(Address, "/mcp");

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public static async Task<McpApp> StartAsync(
        PicaEmulator pica,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? pipeline = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = EmptyContentRoot.Value });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:Platform"] = pica.Platform.ToString(),
            ["AuthKit:SecretKey"] = pica.SecretKey,
            ["AuthKit:BaseUrl"] = pica.Url.ToString(),
            ["AuthKit:RetryDelay"] = "00:00:00.010",
            ["AuthKit:WhiteLabelCacheDuration"] = "00:00:00",
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddFakeLogging();
        builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
        builder.Services.AddAuthentication(TestUser.SchemeName).AddScheme<AuthenticationSchemeOptions, TestUser>(TestUser.SchemeName, null);
        builder.Services.AddAuthorization();
        if (services is null)
        {
            builder.Services.AddAuthKitMcp();
        }
        else
        {
            services(builder);
        }

        var app = builder.Build();
        if (pipeline is null)
        {
            app.MapAuthKitMcp();
        }
        else
        {
            pipeline(app);
        }

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new McpApp(app, new Uri(address));
    }

    /// <summary>An MCP client signed in as <paramref name="user"/> (none: anonymous), on the latest revision unless told.</summary>
    public async Task<McpClient> ConnectAsync(string? user, string? protocolVersion = null, string? team = null, string path = "/mcp")
    {
        var headers = new Dictionary<string, string>();
        if (user is not null)
        {
            headers[TestUser.Header] = user;
        }

        if (team is not null)
        {
            headers[TestUser.TeamHeader] = team;
        }

        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Address, path),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        });
        var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion });
        _clients.Add(client);
        return client;
    }

    /// <summary>One JSON-RPC request as a raw POST, to see the HTTP answer itself.</summary>
    public async Task<HttpResponseMessage> PostAsync(string json, string? user, string? sessionId = null, string? protocolVersion = null, string? team = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (user is not null)
        {
            request.Headers.Add(TestUser.Header, user);
        }

        if (team is not null)
        {
            request.Headers.Add(TestUser.TeamHeader, team);
        }

        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        if (protocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        }

        return await Http.SendAsync(request);
    }

    public static string Initialize(string revision = InitializeRevision) =>
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":""" + JsonSerializer.Serialize(revision) +
        ""","capabilities":{},"clientInfo":{"name":"raw","version":"1.0"}}}""";

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
