using System.Net;
using AuthKit.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthKit.Mcp.Tool.Tests.TestSupport;

/// <summary>
/// An app on Kestrel (127.0.0.1, a free port) as README's web app maps MCP: AddAuthKit on the emulator,
/// AddAuthKitMcp, the X-Dev-User sign-in, and <c>app.MapAuthKitMcp("/mcp").RequireAuthorization()</c>.
/// </summary>
internal sealed class McpWebApp : IAsyncDisposable
{
    private McpWebApp(WebApplication app, Uri address)
    {
        App = app;
        Mcp = new Uri(address, "/mcp");
    }

    public WebApplication App { get; }

    public Uri Mcp { get; }

    public static async Task<McpWebApp> StartAsync(PicaEmulator pica)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:Platform"] = pica.Platform.ToString(),
            ["AuthKit:SecretKey"] = pica.SecretKey,
            ["AuthKit:BaseUrl"] = pica.Url.ToString(),
        });
        builder.Logging.ClearProviders();
        builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
        builder.Services.AddAuthentication(DevUserSignIn.SchemeName).AddScheme<AuthenticationSchemeOptions, DevUserSignIn>(DevUserSignIn.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddAuthKitMcp();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAuthKitMcp("/mcp").RequireAuthorization();
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
        return new McpWebApp(app, new Uri(address));
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
