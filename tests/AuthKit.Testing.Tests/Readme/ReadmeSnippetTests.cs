namespace AuthKit.Testing.Tests.Readme;

/// <summary>
/// Every C# block of README.md compiles as a reader would use it (<see cref="SnippetCompiler"/>): found
/// when the test runs, so a block added to the README is covered without touching this file. A block
/// that needs another package compiles once this test project references that package.
/// </summary>
public sealed class ReadmeSnippetTests
{
    public static TheoryData<int> Lines => [.. ReadmeSnippet.All().Select(s => s.Line)];

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_csharp_block_at_this_README_line_compiles(int line)
    {
        var snippet = ReadmeSnippet.All().Single(s => s.Line == line);

        var errors = SnippetCompiler.Errors(snippet);

        Assert.True(errors.Count == 0,
            $"The C# block at README.md line {line} does not compile:{Environment.NewLine}" +
            string.Join(Environment.NewLine, errors.Select(e => "  " + e)) +
            $"{Environment.NewLine}as compiled:{Environment.NewLine}{SnippetCompiler.Wrap(snippet)}");
    }

    [Fact]
    public void The_README_has_csharp_blocks_to_check()
    {
        // Guards the theory above against a parser that finds nothing (and so checks nothing).
        Assert.True(ReadmeSnippet.All().Count >= 10, $"found {ReadmeSnippet.All().Count} C# blocks in README.md");
    }

    [Fact]
    public void A_block_that_does_not_compile_is_reported_at_its_README_line()
    {
        // The control: a broken snippet fails, and the diagnostic names README.md and the line.
        var broken = new ReadmeSnippet(42, "var token = await authKit.CreateAsync(\"user_1\", IdentityType.User);\ntoken.NoSuchMember();");

        var error = Assert.Single(SnippetCompiler.Errors(broken));

        Assert.Equal("README.md", error.Location.GetMappedLineSpan().Path);
        Assert.Equal(43, error.Location.GetMappedLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("NoSuchMember", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
