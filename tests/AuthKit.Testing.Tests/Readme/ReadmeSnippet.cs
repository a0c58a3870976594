using System.Text.RegularExpressions;

namespace AuthKit.Testing.Tests.Readme;

/// <summary>
/// A C# code block of README.md or of a guide under docs/, with the file (relative to the repository,
/// e.g. <c>docs/usage.md</c>), the line its first line of code is on, the project the page says to make
/// for it (<see cref="SnippetProject"/>, from the last <c>&lt;!-- snippet project: … --&gt;</c> comment above
/// it), and what it continues (<see cref="SnippetContext"/>, from a <c>&lt;!-- snippet: … --&gt;</c> comment
/// right above it).
/// </summary>
public sealed partial record ReadmeSnippet(string File, int Line, string Code, SnippetProject? Project = null, SnippetContext Context = SnippetContext.AsPasted)
{
    private static readonly string Root = RepositoryRoot();

    /// <summary>The repository's folder (where AuthKit.sln is).</summary>
    public static string RepositoryFolder => Root;

    /// <summary>README.md and every docs/*.md, in that order: the files whose C# blocks must compile.</summary>
    public static IReadOnlyList<string> Files { get; } =
        ["README.md", .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>Every ```csharp (or ```cs, ```c#) block of every file of <see cref="Files"/>, in order.</summary>
    public static IReadOnlyList<ReadmeSnippet> All() => [.. Files.SelectMany(In)];

    /// <summary>The lines of <paramref name="file"/> (relative to the repository).</summary>
    public static string[] Lines(string file) =>
        System.IO.File.ReadAllText(Path.Combine(Root, file)).ReplaceLineEndings("\n").Split('\n');

    /// <summary>Every ```csharp (or ```cs, ```c#) block of <paramref name="file"/>, in order.</summary>
    public static IReadOnlyList<ReadmeSnippet> In(string file)
    {
        var lines = Lines(file);
        var snippets = new List<ReadmeSnippet>();
        SnippetProject? project = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (ProjectComment().Match(lines[i]) is { Success: true } declared)
            {
                project = SnippetProject.Parse(declared.Groups[1].Value, file, i + 1);
                continue;
            }

            if (Fence().Match(lines[i]) is not { Success: true } fence)
            {
                continue;
            }

            var first = i + 1;
            var end = Array.FindIndex(lines, first, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            Assert.True(end > 0, $"{file} line {i + 1}: the code block is never closed");
            if (CSharp().IsMatch(fence.Groups[1].Value))
            {
                snippets.Add(new ReadmeSnippet(file, first + 1, string.Join('\n', lines[first..end]), project, ContextAbove(lines, i, file)));
            }

            i = end;
        }

        return snippets;
    }

    public override string ToString() => $"{File} line {Line}";

    // The comment on the line right above the fence (blank lines between are allowed), if any.
    private static SnippetContext ContextAbove(string[] lines, int fence, string file)
    {
        var above = fence - 1;
        while (above >= 0 && string.IsNullOrWhiteSpace(lines[above]))
        {
            above--;
        }

        if (above < 0 || ContextComment().Match(lines[above]) is not { Success: true } comment)
        {
            return SnippetContext.AsPasted;
        }

        return comment.Groups[1].Value.Trim() switch
        {
            "fragment of the block above" => SnippetContext.FragmentOfBlockAbove,
            "fragment of README.md's program" => SnippetContext.FragmentOfReadmeProgram,
            var other => throw new InvalidOperationException(
                $"{file} line {above + 1}: unknown snippet comment '{other}' (known: 'fragment of the block above', 'fragment of README.md's program')"),
        };
    }

    [GeneratedRegex(@"^\s*```\s*([A-Za-z#+-]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^(csharp|cs|c#)$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharp();

    [GeneratedRegex(@"^\s*<!--\s*snippet project:(.*?)-->\s*$")]
    private static partial Regex ProjectComment();

    [GeneratedRegex(@"^\s*<!--\s*snippet:(.*?)-->\s*$")]
    private static partial Regex ContextComment();

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
