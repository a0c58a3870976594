using System.Text.RegularExpressions;

namespace AuthKit.Packaging.Tests;

/// <summary>The two bash blocks of README.md's "Install" section: packing in the clone, installing in the user's project.</summary>
internal sealed partial record ReadmeInstall(string PackCommand, string ConsumerScript)
{
    public static ReadmeInstall Read(string repositoryRoot)
    {
        var readme = File.ReadAllText(Path.Combine(repositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n## Install\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Install' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var blocks = BashBlock().Matches(section).Select(m => m.Groups[1].Value).ToList();

        var pack = blocks.SingleOrDefault(b => b.Contains("dotnet pack", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("README's Install section has no bash block with 'dotnet pack'");
        var consumer = blocks.SingleOrDefault(b => b.Contains("nuget.config", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("README's Install section has no bash block writing nuget.config");
        return new ReadmeInstall(pack.Split('\n').Single(l => l.StartsWith("dotnet pack ", StringComparison.Ordinal)), consumer);
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

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
