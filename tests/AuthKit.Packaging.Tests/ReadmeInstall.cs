using System.Text.RegularExpressions;

namespace AuthKit.Packaging.Tests;

/// <summary>
/// The blocks of README.md's "Your own app, without a Pica account" section, as a user copies them:
/// packing in the clone, the new web app, the nuget.config and packages, the test project's package,
/// the program, and the three run steps (emulator, app, curl).
/// </summary>
internal sealed partial record ReadmeInstall(
    string PackCommand,
    string NewAppScript,
    string ConsumerScript,
    string TestProjectScript,
    string Program,
    string EmulatorScript,
    string AppScript,
    string CurlScript)
{
    public const string Section = "## Your own app, without a Pica account";

    /// <summary>The section's bash blocks, in the order a reader meets them.</summary>
    public static IReadOnlyList<string> BashBlocks(string repositoryRoot) =>
        [.. Block().Matches(SectionOf(repositoryRoot)).Where(m => m.Groups[1].Value == "bash").Select(m => m.Groups[2].Value)];

    public static ReadmeInstall Read(string repositoryRoot)
    {
        var section = SectionOf(repositoryRoot);
        var bash = Block().Matches(section).Where(m => m.Groups[1].Value == "bash").Select(m => m.Groups[2].Value).ToList();
        var csharp = Block().Matches(section).Where(m => m.Groups[1].Value == "csharp").Select(m => m.Groups[2].Value).ToList();

        string One(string what, Func<string, bool> match) =>
            bash.Where(match).ToList() is [var single] ? single
                : throw new InvalidOperationException($"README's '{Section}' section needs exactly one bash block {what}");

        var pack = One("with 'dotnet pack'", b => b.Contains("dotnet pack", StringComparison.Ordinal));
        return new ReadmeInstall(
            pack.Split('\n').Single(l => l.StartsWith("dotnet pack ", StringComparison.Ordinal)),
            One("with 'dotnet new web'", b => b.Contains("dotnet new web", StringComparison.Ordinal)),
            One("writing nuget.config", b => b.Contains("nuget.config", StringComparison.Ordinal)),
            One("adding AuthKit.Testing alone", b => b.Contains("dotnet add package AuthKit.Testing", StringComparison.Ordinal) && !b.Contains("nuget.config", StringComparison.Ordinal)),
            csharp is [var program] ? program : throw new InvalidOperationException($"README's '{Section}' section needs exactly one C# block, the program"),
            One("starting authkit-emulator", b => b.Contains("dotnet authkit-emulator", StringComparison.Ordinal)),
            One("with 'dotnet run'", b => b.Contains("dotnet run", StringComparison.Ordinal)),
            One("with curl", b => b.Contains("curl ", StringComparison.Ordinal)));
    }

    private static string SectionOf(string repositoryRoot)
    {
        var readme = File.ReadAllText(Path.Combine(repositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n" + Section + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{Section}' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    /// <summary>The README's pack command with its output folder replaced by <paramref name="output"/>.</summary>
    public string[] PackArguments(string output)
    {
        var args = PackCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        var o = Array.IndexOf(args, "-o");
        Assert.True(o >= 0 && o + 1 < args.Length, $"README's pack command has no -o folder: {PackCommand}");
        args[o + 1] = output;
        return args;
    }

    [GeneratedRegex(@"```(bash|csharp)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
