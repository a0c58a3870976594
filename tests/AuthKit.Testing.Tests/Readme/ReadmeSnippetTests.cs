namespace AuthKit.Testing.Tests.Readme;

/// <summary>
/// Every C# block of README.md and of the guides under docs/ compiles as a reader would use it (<see cref="SnippetCompiler"/>): found
/// when the test runs, so a block added to the README is covered without touching this file. A block
/// that needs another package compiles once this test project references that package.
/// </summary>
public sealed class ReadmeSnippetTests
{
    public static TheoryData<string, int> Blocks
    {
        get
        {
            var blocks = new TheoryData<string, int>();
            foreach (var snippet in ReadmeSnippet.All())
            {
                blocks.Add(snippet.File, snippet.Line);
            }

            return blocks;
        }
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void The_csharp_block_at_this_line_compiles(string file, int line)
    {
        var snippet = ReadmeSnippet.In(file).Single(s => s.Line == line);

        var errors = SnippetCompiler.Errors(snippet);

        Assert.True(errors.Count == 0,
            $"The C# block at {file} line {line} does not compile:{Environment.NewLine}" +
            string.Join(Environment.NewLine, errors.Select(e => "  " + e)) +
            $"{Environment.NewLine}as compiled:{Environment.NewLine}{SnippetCompiler.Wrap(snippet)}");
    }

    [Fact]
    public void The_README_and_the_guides_have_csharp_blocks_to_check()
    {
        // Guards the theory above against a parser that finds nothing (and so checks nothing), and
        // against guides that are not scanned.
        Assert.True(ReadmeSnippet.All().Count >= 10, $"found {ReadmeSnippet.All().Count} C# blocks in README.md and docs/");
        Assert.NotEmpty(ReadmeSnippet.In("README.md"));
        Assert.NotEmpty(ReadmeSnippet.In("docs/usage.md"));
        Assert.NotEmpty(ReadmeSnippet.In("docs/endpoint.md"));
        Assert.Contains("docs/errors.md", ReadmeSnippet.Files);
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/usage.md")]
    public void A_block_that_does_not_compile_is_reported_at_its_file_and_line(string file)
    {
        // The control: a broken snippet fails, and the diagnostic names the file and the line.
        var broken = new ReadmeSnippet(file, 42, "var token = await authKit.CreateAsync(\"user_1\", IdentityType.User);\ntoken.NoSuchMember();");

        var error = Assert.Single(SnippetCompiler.Errors(broken));

        Assert.Equal(file, error.Location.GetMappedLineSpan().Path);
        Assert.Equal(43, error.Location.GetMappedLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("NoSuchMember", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
