namespace AuthKit.Testing.Tests.Readme;

/// <summary>
/// Every C# block of README.md and of the guides under docs/ compiles in the project its page says to make,
/// with nothing but what the page gives it (<see cref="SnippetCompiler"/>): found when the test runs, so a
/// block added to the README is covered without touching this file. A block that needs another package
/// compiles once its page says to add it and this test project references it.
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

    [Fact]
    public void Every_page_with_csharp_blocks_names_a_project_its_install_steps_make()
    {
        string[] install = [.. ReadmeSnippet.Lines("README.md"), .. ReadmeSnippet.Lines("docs/install.md")];
        foreach (var snippet in ReadmeSnippet.All())
        {
            Assert.True(snippet.Project is not null, $"{snippet}: no <!-- snippet project: … --> above it (see docs/contributing.md)");
            string[] page = [.. ReadmeSnippet.Lines(snippet.File), .. install];
            Assert.True(page.Any(l => l.Contains("dotnet new " + snippet.Project.Template, StringComparison.Ordinal)),
                $"{snippet}: its project is 'dotnet new {snippet.Project.Template}', which neither {snippet.File} nor README.md nor docs/install.md says to run");
            foreach (var package in snippet.Project.Packages)
            {
                Assert.True(page.Any(l => AddsPackage(l, package)),
                    $"{snippet}: its project has {package}, which no 'dotnet add package {package}' line of {snippet.File}, README.md or docs/install.md adds");
            }
        }
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/usage.md")]
    public void A_block_that_does_not_compile_is_reported_at_its_file_and_line(string file)
    {
        // The control: a broken snippet fails, and the diagnostic names the file and the line.
        var broken = new ReadmeSnippet(file, 42, "var text = \"user_1\";\ntext.NoSuchMember();", new SnippetProject("console", []));

        var error = Assert.Single(SnippetCompiler.Errors(broken));

        Assert.Equal(file, error.Location.GetMappedLineSpan().Path);
        Assert.Equal(43, error.Location.GetMappedLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("NoSuchMember", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_gets_nothing_its_page_does_not_give_it()
    {
        // The controls: nothing in scope but what the project and the page give. A console project with
        // AuthKit.Refit has no ASP.NET Core; a test project has no System.Net.Http.Json until the block says
        // so; a variable the page never defined is not there; top-level statements are not a test.
        var console = new SnippetProject("console", ["AuthKit.Refit"]);
        var tests = new SnippetProject("xunit", ["AuthKit.Testing", "AuthKit.Refit"]);

        Assert.Empty(SnippetCompiler.Errors(new ReadmeSnippet("docs/usage.md", 1, "using AuthKit;\nvar authKit = new AuthKitToken(\"sk_test_1\");", console)));
        Assert.Contains(SnippetCompiler.Errors(new ReadmeSnippet("docs/usage.md", 1, "var app = WebApplication.CreateBuilder(args).Build();", console)), e => e.Id == "CS0103");
        Assert.Contains(SnippetCompiler.Errors(new ReadmeSnippet("docs/usage.md", 1, "var token = new AuthKitToken(\"sk_test_1\");", console)), e => e.Id == "CS0246");
        Assert.Contains(SnippetCompiler.Errors(new ReadmeSnippet("docs/usage.md", 1, "using AuthKit;\nvar token = await authKit.CreateAsync(\"user_1\", IdentityType.User);", console)), e => e.Id == "CS0103");

        const string Test = """
            public sealed class T
            {
                [Fact]
                public void Posts() => Assert.NotNull(JsonContent.Create(1));
            }
            """;
        Assert.Contains(SnippetCompiler.Errors(new ReadmeSnippet("docs/passthrough.md", 1, Test, tests)), e => e.Id == "CS0103");
        Assert.Empty(SnippetCompiler.Errors(new ReadmeSnippet("docs/passthrough.md", 1, "using System.Net.Http.Json;\n" + Test, tests)));
        Assert.Contains(SnippetCompiler.Errors(new ReadmeSnippet("docs/passthrough.md", 1, "Assert.True(true);", tests)), e => e.Id == "CS8805");
    }

    private static bool AddsPackage(string line, string package) =>
        line.Trim().StartsWith("dotnet add package " + package, StringComparison.Ordinal) &&
        (line.Trim().Length == ("dotnet add package " + package).Length || line.Trim()[("dotnet add package " + package).Length] == ' ');
}
