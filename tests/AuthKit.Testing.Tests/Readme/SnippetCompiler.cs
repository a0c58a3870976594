using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AuthKit.Testing.Tests.Readme;

/// <summary>
/// Compiles a README snippet the way a reader would use it: in a project of their own (the Web SDK's
/// implicit usings, plus xunit's and NSubstitute's in a test project, and <c>using AuthKit;</c>),
/// against every assembly this test project references, so a reference added to the test project is
/// all a snippet of a new package needs. Usings and type declarations stay where they are; loose
/// statements go into an async method of a class whose inherited fields stand for what the README's
/// text has in scope (<c>authKit</c>, <c>builder</c>, <c>app</c>, <c>logger</c>, …); a snippet that
/// declares one of them itself hides the field. Every piece keeps its README.md line (<c>#line</c>), so
/// a diagnostic names the file (README.md, docs/….md) and line it is on.
/// </summary>
internal static class SnippetCompiler
{
    private static readonly string[] GlobalUsings =
    [
        // Microsoft.NET.Sdk.Web's implicit usings
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json",
        "System.Threading", "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
        // a test project's (xunit's template, NSubstitute) and the SDK's own namespace
        "Xunit", "NSubstitute", "AuthKit",
    ];

    // What the README's prose puts in scope around a fragment.
    private const string Reader = """
        public abstract class ReadmeReader
        {
            protected static string[] args = [];
            protected static WebApplicationBuilder builder = WebApplication.CreateBuilder();
            protected static WebApplication app = builder.Build();
            protected static IAuthKitToken authKit = null!;
            protected static ILogger logger = null!;
            protected static ILoggerFactory loggerFactory = null!;
            protected static HttpRequest request = null!;
            protected static string userId = "user_123";
            protected static string key = "sk_test_example";
            protected static string secretFromYourVault = "sk_test_example";
            protected static string proxyUrl = "http://proxy.example:3128";
            protected static CancellationToken cancellationToken;
        }
        """;

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    /// <summary>The compiler errors of <paramref name="snippet"/> as a reader would compile it, with the file's lines.</summary>
    public static IReadOnlyList<Diagnostic> Errors(ReadmeSnippet snippet)
    {
        var source = Wrap(snippet);
        var compilation = CSharpCompilation.Create(
            $"Snippet_{snippet.File.Replace('/', '_').Replace('.', '_')}_{snippet.Line}",
            [
                CSharpSyntaxTree.ParseText(string.Join('\n', GlobalUsings.Select(u => $"global using {u};")), Parse, "GlobalUsings.cs"),
                CSharpSyntaxTree.ParseText(Reader, Parse, "ReadmeReader.cs"),
                CSharpSyntaxTree.ParseText(source, Parse, "Snippet.cs"),
            ],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    /// <summary>The file a reader would have made of the snippet (see the class comment).</summary>
    public static string Wrap(ReadmeSnippet snippet)
    {
        var root = CSharpSyntaxTree.ParseText(snippet.Code, Parse).GetCompilationUnitRoot();
        var head = new StringBuilder();
        var body = new StringBuilder();
        foreach (var node in root.Usings.Cast<SyntaxNode>().Concat(root.Members))
        {
            var target = node is GlobalStatementSyntax ? body : head;
            var line = snippet.Line + node.GetLocation().GetLineSpan().StartLinePosition.Line;
            target.Append("#line ").Append(line).Append(" \"").Append(snippet.File).AppendLine("\"");
            target.AppendLine(node.ToString());
        }

        return $$"""
            {{head}}
            #line default
            public sealed class Snippet : ReadmeReader
            {
                public async Task<object?> RunAsync()
                {
            {{body}}
            #line default
                    await Task.CompletedTask;
                    return null;
                }
            }
            """;
    }
}
