namespace AuthKit.Packaging.Tests;

/// <summary>
/// The packed packages every packaging test installs from: <c>AUTHKIT_PACKAGES</c> (CI's pack output,
/// .ci/run), or packed once per test run with the README's pack command into a temporary folder.
/// </summary>
internal static class PackedFeed
{
    private static readonly Lazy<Task<string>> Feed = new(PackAsync);

    public static Task<string> GetAsync() => Feed.Value;

    /// <summary>The version of the packed packages, e.g. <c>0.1.0</c>.</summary>
    public static string VersionIn(string feed)
    {
        var nupkg = Path.GetFileName(Assert.Single(Directory.GetFiles(feed, "AuthKit.Refit.*.nupkg")));
        return nupkg["AuthKit.Refit.".Length..^".nupkg".Length];
    }

    public static string RepositoryRoot()
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

    private static async Task<string> PackAsync()
    {
        if (Environment.GetEnvironmentVariable("AUTHKIT_PACKAGES") is { Length: > 0 } packed)
        {
            return Path.GetFullPath(packed);
        }

        // Left in the temp folder for the rest of the run: several test classes share it.
        var feed = Directory.CreateTempSubdirectory("authkit-feed-").FullName;
        var repository = RepositoryRoot();
        var (exitCode, output) = await Cli.DotNetAsync(repository, new Dictionary<string, string>(), TimeSpan.FromMinutes(10),
            ReadmeInstall.Read(repository).PackArguments(feed));
        Assert.True(exitCode == 0, $"README pack command failed (exit {exitCode}):{Environment.NewLine}{output}");
        return feed;
    }
}
