using System.Text.RegularExpressions;

namespace AuthKit.Testing.Tests.Readme;

/// <summary>A C# code block of README.md and the line of README.md its first line of code is on.</summary>
public sealed partial record ReadmeSnippet(int Line, string Code)
{
    public static string ReadmePath { get; } = Path.Combine(RepositoryRoot(), "README.md");

    /// <summary>Every ```csharp (or ```cs, ```c#) block of README.md, in order.</summary>
    public static IReadOnlyList<ReadmeSnippet> All()
    {
        var lines = File.ReadAllText(ReadmePath).ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<ReadmeSnippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!CSharpFence().IsMatch(lines[i]))
            {
                continue;
            }

            var first = i + 1;
            var end = Array.FindIndex(lines, first, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            Assert.True(end > 0, $"README.md line {i + 1}: the code block is never closed");
            snippets.Add(new ReadmeSnippet(first + 1, string.Join('\n', lines[first..end])));
            i = end;
        }

        return snippets;
    }

    public override string ToString() => $"README.md line {Line}";

    [GeneratedRegex(@"^\s*```\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();

    private static string RepositoryRoot()
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
}
