using System.Text.RegularExpressions;

namespace AuthKit.Testing.Tests.Readme;

/// <summary>
/// A C# code block of README.md or of a guide under docs/, with the file (relative to the repository,
/// e.g. <c>docs/usage.md</c>) and the line its first line of code is on.
/// </summary>
public sealed partial record ReadmeSnippet(string File, int Line, string Code)
{
    private static readonly string Root = RepositoryRoot();

    /// <summary>README.md and every docs/*.md, in that order: the files whose C# blocks must compile.</summary>
    public static IReadOnlyList<string> Files { get; } =
        ["README.md", .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>Every ```csharp (or ```cs, ```c#) block of every file of <see cref="Files"/>, in order.</summary>
    public static IReadOnlyList<ReadmeSnippet> All() => [.. Files.SelectMany(In)];

    /// <summary>Every ```csharp (or ```cs, ```c#) block of <paramref name="file"/>, in order.</summary>
    public static IReadOnlyList<ReadmeSnippet> In(string file)
    {
        var lines = System.IO.File.ReadAllText(Path.Combine(Root, file)).ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<ReadmeSnippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!CSharpFence().IsMatch(lines[i]))
            {
                continue;
            }

            var first = i + 1;
            var end = Array.FindIndex(lines, first, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            Assert.True(end > 0, $"{file} line {i + 1}: the code block is never closed");
            snippets.Add(new ReadmeSnippet(file, first + 1, string.Join('\n', lines[first..end])));
            i = end;
        }

        return snippets;
    }

    public override string ToString() => $"{File} line {Line}";

    [GeneratedRegex(@"^\s*```\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "AuthKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AuthKit.sln not found above " + AppContext.BaseDirectory);
    }
}
