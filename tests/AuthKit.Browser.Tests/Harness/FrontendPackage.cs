using System.Diagnostics;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// The platforms' real frontend packages, <c>@picahq/authkit</c> and One's <c>@withone/auth</c> at the versions locked in frontend/package-lock.json,
/// installed with <c>npm ci</c> on first use (needs npm on PATH, and the npm registry the first time).
/// </summary>
internal static class FrontendPackage
{
    private static readonly Lazy<string> Folder = new(Install);

    /// <summary>The bundle a plain page loads: <c>dist/index.umd.js</c> (CommonJS: it assigns <c>exports.useAuthKit</c>).</summary>
    public static string BundlePath => Path.Combine(Folder.Value, "node_modules", "@picahq", "authkit", "dist", "index.umd.js");

    /// <summary>One's widget bundle: <c>dist/index.umd.js</c> of <c>@withone/auth</c> (CommonJS: it assigns <c>exports.useOneAuth</c>).</summary>
    public static string OneBundlePath => Path.Combine(Folder.Value, "node_modules", "@withone", "auth", "dist", "index.umd.js");

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AuthKit.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Install()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "AuthKit.Browser.Tests", "frontend");
        if (File.Exists(Path.Combine(folder, "node_modules", "@picahq", "authkit", "dist", "index.umd.js")) &&
            File.Exists(Path.Combine(folder, "node_modules", "@withone", "auth", "dist", "index.umd.js")))
        {
            return folder;
        }

        var start = new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started: install Node.js and npm.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"npm ci did not finish within 3 minutes in {folder}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed in {folder} (exit {process.ExitCode}): {error.Result}{output.Result}");
        }

        return folder;
    }
}
