using System.Diagnostics;
using System.Text.Json;
using AuthKit.Testing;
using Xunit.Abstractions;

namespace AuthKit.Packaging.Tests;

/// <summary>
/// Follows README.md's install steps ("Your own app") for a console project, as a user would: a new
/// console project in a folder outside the repository, an empty NuGet cache, the README's bash blocks
/// as they stand (nuget.config, <c>dotnet add package</c>, the tool; then the test project's
/// AuthKit.Testing, here in the same project), then a second restore from scratch with another empty cache (the
/// nuget.config is what is remembered), a build, and a token created against an emulator.
/// </summary>
/// <remarks>
/// Uses the .nupkg files in <c>AUTHKIT_PACKAGES</c> (CI's pack output, .ci/run), or packs them itself
/// with the README's pack command into a temporary folder.
/// </remarks>
public sealed class PackedConsumerTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// Every package the README's install blocks bring in, directly or as a dependency; each must
    /// come from the feed just packed. A new package is one line here (and its `dotnet add package`
    /// line in the README). AuthKit.Refit comes in as AuthKit.AspNetCore's dependency.
    /// </summary>
    private static readonly string[] Packages =
    [
        "AuthKit.Abstractions",
        "AuthKit.Refit",
        "AuthKit.Testing",
        "AuthKit.AspNetCore",
    ];

    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateTempSubdirectory("authkit-consumer-").FullName;
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(150, seed: 11).WithWhiteLabel(true);
    private readonly List<string> _timings = [];

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
    public async Task The_README_install_steps_work_in_a_folder_outside_the_repository_with_an_empty_NuGet_cache()
    {
        var repository = PackedFeed.RepositoryRoot();
        var install = ReadmeInstall.Read(repository);
        var feed = await PackedFeed.GetAsync();
        var version = PackedFeed.VersionIn(feed);

        var consumer = Directory.CreateDirectory(Path.Combine(_root, "MyApp")).FullName;
        Assert.False(consumer.StartsWith(repository + Path.DirectorySeparatorChar, StringComparison.Ordinal), "the consumer must sit outside the repository");
        var firstCache = Directory.CreateDirectory(Path.Combine(_root, "nuget-packages-1")).FullName;
        await StepAsync("dotnet new console", Cli.DotNetAsync(consumer, Env(firstCache), StepTimeout, "new", "console", "--output", ".", "--no-restore"));

        // The README's blocks, as they stand, with AUTHKIT_FEED as the pack block leaves it.
        await StepAsync("README install block (nuget.config, dotnet add package, the tool)",
            Cli.BashAsync(consumer, new Dictionary<string, string>(Env(firstCache)) { ["AUTHKIT_FEED"] = feed }, StepTimeout, install.ConsumerScript));
        await StepAsync("README test-project block (dotnet add package AuthKit.Testing)",
            Cli.BashAsync(consumer, Env(firstCache), StepTimeout, install.TestProjectScript));

        // A later restore from scratch, with another empty cache: only the folder's nuget.config says where packages come from.
        Directory.Delete(Path.Combine(consumer, "obj"), recursive: true);
        var secondCache = Directory.CreateDirectory(Path.Combine(_root, "nuget-packages-2")).FullName;
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), ConsumerProgram);
        var run = await StepAsync("dotnet run (restore from scratch, build, run)",
            Cli.DotNetAsync(consumer, Env(secondCache), StepTimeout, "run", "--", _pica.Url.ToString(), _pica.SecretKey));
        output.WriteLine(string.Join(Environment.NewLine, _timings));

        var result = JsonDocument.Parse(run.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal))["RESULT ".Length..]).RootElement;
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

        // The SDK came from the packages just packed, through the nuget.config, into the empty cache.
        var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(consumer, "obj", "project.assets.json"))).RootElement;
        foreach (var id in Packages)
        {
            Assert.True(assets.GetProperty("libraries").TryGetProperty($"{id}/{version}", out var library), $"{id} {version} is not in the consumer's packages");
            Assert.Equal("package", library.GetProperty("type").GetString());
            var installed = Path.Combine(secondCache, id.ToLowerInvariant(), version.ToLowerInvariant(), $"{id.ToLowerInvariant()}.{version.ToLowerInvariant()}.nupkg");
            Assert.True(File.Exists(installed), $"{id} {version} was not installed from the feed into {installed}");
            Assert.Equal(File.ReadAllBytes(Path.Combine(feed, $"{id}.{version}.nupkg")), File.ReadAllBytes(installed));
        }

        // The dependencies came from nuget.org, through the same file: the cache started empty.
        Assert.True(Directory.Exists(Path.Combine(secondCache, "refit")), "Refit was not restored from nuget.org");
    }

    // The test's emulator stands in for Pica; the test kit from its package runs an emulator of its own;
    // the endpoint package serves MapAuthKitToken on Kestrel, called as Pica's iframe would.
    private const string ConsumerProgram = """
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

        var authKit = new AuthKitToken(new AuthKitOptions { BaseUrl = new Uri(args[0]), SecretKey = args[1] });
        var token = await authKit.CreateAsync("consumer_1", IdentityType.User);

        using var own = PicaEmulator.Start().SeedConnections(7);
        var ownToken = await new AuthKitToken(own.CreateOptions()).CreateAsync("consumer_2", IdentityType.User);

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
        """;

    // Local tools (the README's authkit-emulator) are found through a resolver cache under the CLI home:
    // the run's own, so that it never points at another run's deleted cache.
    private IReadOnlyDictionary<string, string> Env(string packagesFolder) =>
        new Dictionary<string, string> { ["NUGET_PACKAGES"] = packagesFolder, ["DOTNET_CLI_HOME"] = Directory.CreateDirectory(Path.Combine(_root, "cli-home")).FullName };

    private async Task<string> StepAsync(string what, Task<(int ExitCode, string Output)> step)
    {
        var watch = Stopwatch.StartNew();
        var (exitCode, text) = await step;
        _timings.Add($"{what}: {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(exitCode == 0, $"{what} failed (exit {exitCode}):{Environment.NewLine}{text}");
        return text;
    }
}
