namespace AuthKit.Packaging.Tests;

/// <summary>
/// A repack keeps the version, and the .NET SDK runs a tool (and restores a package) from its cache, keyed on
/// id and version: pack removes its package's cached copy of that version, so the build packed before is
/// never run again without a word. A throwaway cache (NUGET_PACKAGES) stands in for the user's.
/// </summary>
public sealed class RepackTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("authkit-repack-").FullName;

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

    // The tool's pack as a repack after a change runs it, the build already done, into the user's cache.
    private static Task<(int ExitCode, string Output)> RepackToolAsync(string output, string cache) =>
        Cli.DotNetAsync(PackedFeed.RepositoryRoot(), new Dictionary<string, string>(), TimeSpan.FromMinutes(5),
            "pack", "src/AuthKit.Emulator", "-c", "Release", "--no-build", "--no-restore", "-o", output, $"-p:NuGetPackageRoot={cache}{Path.DirectorySeparatorChar}");

    private static void Succeeded((int ExitCode, string Output) run) => Assert.True(run.ExitCode == 0, run.Output);

    [Fact]
    public async Task After_a_repack_the_installed_tool_asks_for_a_restore_and_then_runs_the_new_package()
    {
        var version = PackedFeed.VersionIn(await PackedFeed.GetAsync()); // the Release build, packed once
        var feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        var cache = Directory.CreateDirectory(Path.Combine(_root, "nuget-packages")).FullName;
        var app = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
        // A home of its own too: the SDK's local-tool resolver cache (~/.dotnet/toolResolverCache) would otherwise
        // hold the paths of earlier runs' throwaway caches for the same tool and version.
        var user = new Dictionary<string, string> { ["NUGET_PACKAGES"] = cache, ["DOTNET_CLI_HOME"] = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName };
        var unrelated = Directory.CreateDirectory(Path.Combine(cache, "some.other.package", version)).FullName;
        var olderVersion = Directory.CreateDirectory(Path.Combine(cache, "authkit.emulator", "0.0.1")).FullName;
        Succeeded(await RepackToolAsync(feed, cache));
        Succeeded(await Cli.DotNetAsync(app, user, TimeSpan.FromMinutes(1), "new", "tool-manifest"));
        var installed = await Cli.DotNetAsync(app, user, TimeSpan.FromMinutes(5), "tool", "install", "AuthKit.Emulator", "--add-source", feed, "--version", version);
        Assert.True(installed.ExitCode == 0, installed.Output);
        var cached = Path.Combine(cache, "authkit.emulator", version);
        Assert.True(Directory.Exists(cached), $"the tool's package is not in {cached}");
        File.WriteAllText(Path.Combine(cached, "left-by-the-build-before"), "");

        var (repacked, repackOutput) = await RepackToolAsync(feed, cache);
        var beforeRestore = await Cli.DotNetAsync(app, user, TimeSpan.FromMinutes(1), "authkit-emulator", "--help");
        var restored = await Cli.DotNetAsync(app, user, TimeSpan.FromMinutes(5), "tool", "restore", "--add-source", feed);
        var afterRestore = await Cli.DotNetAsync(app, user, TimeSpan.FromMinutes(1), "authkit-emulator", "--help");

        Assert.True(repacked == 0, repackOutput);
        // The build packed before does not run: the SDK says what to do instead.
        Assert.True(beforeRestore.ExitCode != 0, repackOutput + beforeRestore.Output);
        Assert.Contains("dotnet tool restore", beforeRestore.Output, StringComparison.Ordinal);
        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.True(afterRestore.ExitCode == 0, restored.Output + afterRestore.Output);
        Assert.StartsWith("Usage: authkit-emulator ", afterRestore.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cached, "left-by-the-build-before")), "the tool still runs from the copy cached before the repack");
        // Only that id and version left the cache.
        Assert.True(Directory.Exists(unrelated));
        Assert.True(Directory.Exists(olderVersion));
        Assert.Contains($"AuthKit.Emulator {version}: removing the copy cached before this pack", repackOutput, StringComparison.Ordinal);
    }
}
