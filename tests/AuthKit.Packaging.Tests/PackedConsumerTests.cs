using System.Globalization;
using System.Text.Json;
using AuthKit.Testing;

namespace AuthKit.Packaging.Tests;

/// <summary>
/// Installs the packed packages (not project references) into a throwaway console project, as a user
/// would, and runs it against an emulator: the packages restore, build and create a token.
/// </summary>
/// <remarks>
/// Packs the libraries itself with a unique prerelease version, unless <c>AUTHKIT_PACKAGES</c> names a
/// folder that already holds the .nupkg files (CI's pack output). The consumer restores into its own
/// packages folder, so no package cached by an earlier run can stand in for the one just packed.
/// </remarks>
public sealed class PackedConsumerTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private static readonly string[] Packages = ["AuthKit.Abstractions", "AuthKit.Refit", "AuthKit.Testing", "AuthKit.AspNetCore"];

    private readonly string _root = Directory.CreateTempSubdirectory("authkit-consumer-").FullName;
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(150, seed: 11).WithWhiteLabel(true);

    public void Dispose()
    {
        _pica.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }

    [Fact]
    public async Task The_packed_packages_install_into_a_new_project_and_create_a_token()
    {
        var (feed, version) = await PackagesAsync();
        var consumer = Directory.CreateDirectory(Path.Combine(_root, "consumer")).FullName;
        WriteConsumer(consumer, feed, version);

        var (exitCode, output) = await DotNetCli.RunAsync(consumer, StepTimeout, "run", "--", _pica.Url.ToString(), _pica.SecretKey);

        Assert.True(exitCode == 0, output);
        var result = JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal))["RESULT ".Length..]).RootElement;
        Assert.Equal(JsonSerializer.Serialize(_pica.Connections, JsonSerializerOptions.Web), result.GetProperty("token").GetProperty("rows").GetRawText());
        Assert.True(result.GetProperty("token").GetProperty("isWhiteLabel").GetBoolean());
        Assert.Equal(7, result.GetProperty("ownEmulatorRows").GetInt32());
        var pages = _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage).ToArray();
        Assert.Equal([1, 1, 2, 2], pages.Select(r => r.Page!.Value).Order());
        Assert.Equal(2, pages.Count(r => r.Identity == "consumer_1"));
        Assert.Equal(2, pages.Count(r => r.Identity == "consumer_endpoint"));
        Assert.All(pages, r => Assert.Equal(("user", true), (r.IdentityType, r.SecretKeyMatched)));

        // The endpoint package: MapAuthKitToken on Kestrel answered the iframe's preflight and POST.
        var endpoint = result.GetProperty("endpoint");
        Assert.Equal(204, endpoint.GetProperty("preflightStatus").GetInt32());
        Assert.Equal("https://authkit.picaos.com", endpoint.GetProperty("preflightAllowOrigin").GetString());
        Assert.Equal(200, endpoint.GetProperty("tokenStatus").GetInt32());
        Assert.Equal(150, endpoint.GetProperty("tokenRows").GetInt32());

        // The SDK came from the packages just packed, not from a project reference or an older cache.
        var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(consumer, "obj", "project.assets.json"))).RootElement;
        foreach (var id in Packages)
        {
            Assert.Equal("package", assets.GetProperty("libraries").GetProperty($"{id}/{version}").GetProperty("type").GetString());
        }

        foreach (var id in Packages)
        {
            var installed = Path.Combine(_root, "nuget-packages", id.ToLowerInvariant(), version.ToLowerInvariant(), $"{id.ToLowerInvariant()}.{version.ToLowerInvariant()}.nupkg");
            Assert.True(File.Exists(installed), $"{id} {version} was not installed from the feed into {installed}");
            Assert.Equal(File.ReadAllBytes(Path.Combine(feed, $"{id}.{version}.nupkg")), File.ReadAllBytes(installed));
        }
    }

    private async Task<(string Feed, string Version)> PackagesAsync()
    {
        if (Environment.GetEnvironmentVariable("AUTHKIT_PACKAGES") is { Length: > 0 } packed)
        {
            var nupkg = Path.GetFileName(Directory.GetFiles(packed, "AuthKit.Refit.*.nupkg").Single());
            return (Path.GetFullPath(packed), nupkg["AuthKit.Refit.".Length..^".nupkg".Length]);
        }

        var feed = Path.Combine(_root, "feed");
        var version = "0.0.0-consumer." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var (exitCode, output) = await DotNetCli.RunAsync(RepositoryRoot(), StepTimeout,
            "pack", "AuthKit.Packages.slnf", "-c", "Release", "-o", feed, $"-p:Version={version}");
        Assert.True(exitCode == 0, output);
        return (feed, version);
    }

    private void WriteConsumer(string directory, string feed, string version)
    {
        // Empty props stop MSBuild from inheriting any repository settings (central package management,
        // warnings as errors) should the temp folder ever sit inside a repository.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        // The user cache serves the dependencies as a read-only source, not as a fallback folder: NuGet
        // takes any package a fallback folder holds, so an AuthKit.* of the same version left there by
        // an earlier `dotnet add package` would stand in for the one just packed. Source mapping sends
        // AuthKit.* to the fresh feed only.
        var userPackages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(directory, "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(_root, "nuget-packages")}" />
              </config>
              <fallbackPackageFolders>
                <clear />
              </fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="authkit-local" value="{feed}" />
                <add key="user-cache" value="{userPackages}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="authkit-local">
                  <package pattern="AuthKit.*" />
                </packageSource>
                <packageSource key="user-cache">
                  <package pattern="*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AuthKit.Refit" Version="{version}" />
                <PackageReference Include="AuthKit.Testing" Version="{version}" />
                <PackageReference Include="AuthKit.AspNetCore" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using System.Net;
            using System.Text.Json;
            using System.Text.Json.Nodes;
            using AuthKit;
            using AuthKit.Testing;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Hosting.Server;
            using Microsoft.AspNetCore.Hosting.Server.Features;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Logging;

            // The test's emulator, as a user's app would call Pica.
            var authKit = new AuthKitToken(new AuthKitOptions { BaseUrl = new Uri(args[0]), SecretKey = args[1] });
            var token = await authKit.CreateAsync("consumer_1", IdentityType.User);

            // The test kit from its package: an emulator inside this process.
            using var own = PicaEmulator.Start().SeedConnections(7);
            var ownToken = await new AuthKitToken(own.CreateOptions()).CreateAsync("consumer_2", IdentityType.User);

            // The endpoint package: a Kestrel app on a free loopback port, called as Pica's iframe would.
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            builder.Services.AddAuthKit(o => { o.BaseUrl = new Uri(args[0]); o.SecretKey = args[1]; });
            builder.Services.AddAuthKitEndpoint().Configure(o => o.ResolveIdentity = _ =>
                ValueTask.FromResult<AuthKitTokenRequest?>(new AuthKitTokenRequest { Identity = "consumer_endpoint", IdentityType = IdentityType.User }));
            await using var app = builder.Build();
            app.MapAuthKitToken();
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/authkit-token");
            preflight.Headers.Add("Origin", "https://authkit.picaos.com");
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            using var preflightResponse = await http.SendAsync(preflight);
            using var tokenResponse = await http.PostAsync("/authkit-token", new StringContent("{}"));
            var endpointToken = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync())!;
            await app.StopAsync();

            var result = new JsonObject
            {
                ["token"] = JsonSerializer.SerializeToNode(token, JsonSerializerOptions.Web),
                ["ownEmulatorRows"] = ownToken.Rows.Count,
                ["endpoint"] = new JsonObject
                {
                    ["preflightStatus"] = (int)preflightResponse.StatusCode,
                    ["preflightAllowOrigin"] = string.Join(",", preflightResponse.Headers.GetValues("Access-Control-Allow-Origin")),
                    ["tokenStatus"] = (int)tokenResponse.StatusCode,
                    ["tokenRows"] = endpointToken["rows"]!.AsArray().Count,
                },
            };
            Console.WriteLine("RESULT " + result.ToJsonString());
            """);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthKit.Packages.slnf")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AuthKit.Packages.slnf not found above " + AppContext.BaseDirectory);
    }
}
