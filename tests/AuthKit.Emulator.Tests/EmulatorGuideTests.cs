using AuthKit.Tests.TestSupport;

namespace AuthKit.Emulator.Tests;

/// <summary>
/// docs/emulator.md shows <c>authkit-emulator</c>'s first lines as a reader sees them: the tool started with
/// the guide's command prints those lines (the port aside: the test takes a free one).
/// </summary>
public sealed class EmulatorGuideTests
{
    private const string GuidePort = "5399";

    [Fact]
    public async Task The_guide_s_first_lines_are_what_the_tool_prints()
    {
        var shown = GuideBanner();

        await using var tool = await EmulatorProcess.StartAsync(EmulatorTool.DllPath, "--port", "0", "--secret-key", "sk_test_emulator");
        var printed = tool.Banner.Select(l => l.Replace(tool.BaseUrl.ToString(), $"http://127.0.0.1:{GuidePort}/", StringComparison.Ordinal)).ToList();

        Assert.Equal(shown, printed);
    }

    // The ```text block of docs/emulator.md that starts with the tool's first line, up to "Ctrl+C stops it.".
    private static List<string> GuideBanner()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "AuthKit.sln")))
        {
            dir = dir.Parent;
        }

        var lines = File.ReadAllText(Path.Combine(dir.FullName, "docs", "emulator.md")).ReplaceLineEndings("\n").Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith("authkit-emulator: Pica's AuthKit API on", StringComparison.Ordinal));
        Assert.True(first > 0 && lines[first - 1] == "```text", "docs/emulator.md shows no first lines of the tool in a ```text block");
        var last = Array.FindIndex(lines, first, l => l.StartsWith("Ctrl+C stops it.", StringComparison.Ordinal));
        Assert.True(last > first, "docs/emulator.md's first lines of the tool do not end with 'Ctrl+C stops it.'");
        return [.. lines[first..(last + 1)]];
    }
}
