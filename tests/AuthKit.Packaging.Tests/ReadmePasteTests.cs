using System.Diagnostics;
using Xunit.Abstractions;

namespace AuthKit.Packaging.Tests;

/// <summary>
/// README.md's "Your own app" bash blocks pasted into an interactive bash, in order, in a fresh clone, as a
/// person does: there a failing line does not stop the next ones (unlike the scripts of
/// <see cref="OwnAppTests"/>). Up to the nuget.config, packages and tool block: the rest runs in the app's
/// folder (OwnAppTests). The README's <c>~</c> is a folder of the test's own (<c>HOME</c>). The pack
/// step's <c>dotnet pack</c> line copies the packages already packed (<see cref="PackedFeed"/>) to the folder
/// it names, so the clone gets what the pack gives it; the other lines run as written.
/// </summary>
public sealed class ReadmePasteTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateTempSubdirectory("authkit-paste-").FullName;

    public void Dispose()
    {
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
    public async Task In_a_new_terminal_where_AUTHKIT_FEED_is_empty_the_own_app_blocks_write_nothing()
    {
        var blocks = Blocks();
        var clone = await CloneAsync();

        // A new terminal in the clone: the pack ran in another one, so AUTHKIT_FEED is empty here.
        var terminal = await PasteAsync(clone, feed: "", blocks.NewApp, blocks.Consumer);

        await AssertUnchangedAsync(clone);
        Assert.Contains("AUTHKIT_FEED is empty", terminal, StringComparison.Ordinal);
        var app = Path.Combine(Home, "MyApp");
        Assert.True(File.Exists(Path.Combine(app, "MyApp.csproj")), $"the new web app is not in the home folder:{Environment.NewLine}{terminal}");
        Assert.False(File.Exists(Path.Combine(app, "nuget.config")), "a nuget.config was written with an empty AUTHKIT_FEED");
        Assert.DoesNotContain("AuthKit", File.ReadAllText(Path.Combine(app, "MyApp.csproj")), StringComparison.Ordinal);
        Assert.Null(ToolManifest(app));
    }

    [Fact]
    public async Task After_the_pack_step_the_own_app_blocks_leave_the_clone_unchanged()
    {
        var blocks = Blocks();
        var clone = await CloneAsync();
        var packed = await PackedFeed.GetAsync();
        var pack = blocks.Pack.Replace(
            blocks.PackCommand,
            $"mkdir -p {Output(blocks.PackCommand)} && cp '{packed}'/*.nupkg {Output(blocks.PackCommand)}/",
            StringComparison.Ordinal);

        var terminal = await PasteAsync(clone, feed: null, pack, blocks.NewApp, blocks.Consumer);

        await AssertUnchangedAsync(clone);
        var app = Path.Combine(Home, "MyApp");
        var config = Path.Combine(app, "nuget.config");
        Assert.True(File.Exists(config), $"no nuget.config in the app:{Environment.NewLine}{terminal}");
        Assert.Contains($"value=\"{Path.Combine(clone, "artifacts", "packages")}\"", File.ReadAllText(config), StringComparison.Ordinal);
        var project = File.ReadAllText(Path.Combine(app, "MyApp.csproj"));
        Assert.True(project.Contains("Include=\"AuthKit.AspNetCore\"", StringComparison.Ordinal), $"AuthKit.AspNetCore was not added:{Environment.NewLine}{terminal}");
        Assert.Contains("Include=\"Microsoft.AspNetCore.Authentication.JwtBearer\"", project, StringComparison.Ordinal);
        Assert.Contains("authkit-emulator", File.ReadAllText(ToolManifest(app) ?? throw new InvalidOperationException("no tool manifest in the app")), StringComparison.Ordinal);
    }

    private string Home => Path.Combine(_root, "home");

    // dotnet new tool-manifest writes dotnet-tools.json in the folder (.NET 10) or in .config (earlier SDKs).
    private static string? ToolManifest(string app) =>
        new[] { Path.Combine(app, "dotnet-tools.json"), Path.Combine(app, ".config", "dotnet-tools.json") }.FirstOrDefault(File.Exists);

    private static ReadmeBlocks Blocks()
    {
        var repository = PackedFeed.RepositoryRoot();
        var install = ReadmeInstall.Read(repository);
        var bash = ReadmeInstall.BashBlocks(repository);
        var pack = bash.Single(b => b.Contains(install.PackCommand, StringComparison.Ordinal));

        // The order a reader meets them in: pack, the new app, its nuget.config and packages.
        Assert.True(
            bash.ToList().IndexOf(pack) < bash.ToList().IndexOf(install.NewAppScript) && bash.ToList().IndexOf(install.NewAppScript) < bash.ToList().IndexOf(install.ConsumerScript),
            "README's own-app blocks are not in the order pack, new app, nuget.config");
        return new ReadmeBlocks(pack, install.PackCommand, install.NewAppScript, install.ConsumerScript);
    }

    // The folder after -o in the README's pack command (relative to the clone, as the README runs it there).
    private static string Output(string packCommand)
    {
        var args = packCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return args[Array.IndexOf(args, "-o") + 1];
    }

    private async Task<string> CloneAsync()
    {
        var clone = Path.Combine(_root, "clone");
        var (exitCode, text) = await Cli.BashAsync(_root, new Dictionary<string, string> { ["REPOSITORY"] = PackedFeed.RepositoryRoot() }, Timeout,
            "git clone --quiet \"$REPOSITORY\" clone");
        Assert.True(exitCode == 0, $"git clone failed:{Environment.NewLine}{text}");
        await AssertUnchangedAsync(clone);
        return clone;
    }

    private async Task<string> PasteAsync(string directory, string? feed, params string[] blocks)
    {
        var env = new Dictionary<string, string>
        {
            ["HOME"] = Directory.CreateDirectory(Home).FullName,
            // Local tools and templates are found through caches under the CLI home: this run's own.
            ["DOTNET_CLI_HOME"] = Directory.CreateDirectory(Path.Combine(_root, "cli-home")).FullName,
            ["NUGET_PACKAGES"] = Directory.CreateDirectory(Path.Combine(_root, "nuget-packages")).FullName,
            // What the repository's own restore already downloaded (Refit, the Microsoft.Extensions packages):
            // read from there, never written, so that the test does not download them again.
            ["NUGET_FALLBACK_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
                ? cache
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            ["AUTHKIT_FEED"] = feed ?? "",
        };

        var watch = Stopwatch.StartNew();
        var (exitCode, terminal) = await Cli.PasteIntoBashAsync(directory, env, Timeout, string.Join('\n', blocks));
        output.WriteLine($"pasted {blocks.Length} blocks: {watch.Elapsed.TotalSeconds:F1} s, bash exit {exitCode}");
        output.WriteLine(terminal);
        return terminal;
    }

    // Nothing the blocks did shows in the clone but the pack step's ignored output.
    private static async Task AssertUnchangedAsync(string clone)
    {
        var (exitCode, status) = await Cli.BashAsync(clone, new Dictionary<string, string>(), Timeout, "git status --porcelain --ignored");
        Assert.True(exitCode == 0, status);
        var changes = status.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l != "!! artifacts/")
            .ToList();
        Assert.True(changes.Count == 0, $"the pasted blocks changed the clone:{Environment.NewLine}{string.Join(Environment.NewLine, changes)}");
        Assert.False(Directory.Exists(Path.Combine(clone, "MyApp")), "MyApp was made inside the clone");
    }

    private sealed record ReadmeBlocks(string Pack, string PackCommand, string NewApp, string Consumer);
}
