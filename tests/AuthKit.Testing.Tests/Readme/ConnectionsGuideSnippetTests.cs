using System.Text.RegularExpressions;

namespace AuthKit.Testing.Tests.Readme;

/// <summary>Every C# block of docs/connections.md compiles as a README block does (<see cref="SnippetCompiler"/>).</summary>
public sealed partial class ConnectionsGuideSnippetTests
{
    public static TheoryData<int> Lines => [.. Blocks().Select(s => s.Line)];

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_csharp_block_at_this_line_of_the_connections_guide_compiles(int line)
    {
        var snippet = Blocks().Single(s => s.Line == line);

        var errors = SnippetCompiler.Errors(snippet);

        Assert.True(errors.Count == 0,
            $"The C# block at docs/connections.md line {line} does not compile:{Environment.NewLine}" +
            string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
    }

    [Fact]
    public void The_guide_has_csharp_blocks_to_check() => Assert.True(Blocks().Count >= 6, $"found {Blocks().Count} C# blocks");

    private static List<ReadmeSnippet> Blocks()
    {
        var path = Path.Combine(Path.GetDirectoryName(ReadmeSnippet.ReadmePath)!, "docs", "connections.md");
        var lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<ReadmeSnippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!CSharpFence().IsMatch(lines[i]))
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            blocks.Add(new ReadmeSnippet(i + 2, string.Join('\n', lines[(i + 1)..end])));
            i = end;
        }

        return blocks;
    }

    [GeneratedRegex(@"^\s*```\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();
}
