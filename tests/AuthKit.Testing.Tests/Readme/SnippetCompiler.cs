using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AuthKit.Testing.Tests.Readme;

/// <summary>
/// Compiles a C# block of the README or a guide as a reader who follows the page has it: in the project the
/// page says to make (<see cref="SnippetProject"/>: the template's implicit usings, and the assemblies of
/// the packages the page's install step adds, with their dependencies: <see cref="SnippetReferences"/>),
/// and with nothing else in scope. A block is the whole <c>Program.cs</c> when it has top-level statements,
/// otherwise a file of classes in that project; a block marked as a fragment (<see cref="SnippetContext"/>)
/// is pasted into the block it continues where a reader puts it: its usings at the top of the file, a statement
/// on <c>builder</c> before <c>builder.Build()</c>, any other statement before <c>app.Run()</c> (or at the end),
/// its classes at the end. Every piece keeps its file and line
/// (<c>#line</c>), so a diagnostic names the file (README.md, docs/….md) and line it is on.
/// </summary>
internal static class SnippetCompiler
{
    private static readonly string[] SdkUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] HostingUsings =
        ["Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    /// <summary>The implicit usings of a project made with <c>dotnet new <paramref name="template"/></c> (.NET 10 SDK).</summary>
    public static IReadOnlyList<string> ImplicitUsings(string template) => template switch
    {
        // Microsoft.NET.Sdk.Web
        "web" => [.. SdkUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
            "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", .. HostingUsings],
        // Microsoft.NET.Sdk.Worker
        "worker" => [.. SdkUsings, .. HostingUsings],
        // Microsoft.NET.Sdk, plus the xunit template's <Using Include="Xunit" />
        "xunit" => [.. SdkUsings, "Xunit"],
        "console" => SdkUsings,
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "not a template the snippet compiler knows"),
    };

    /// <summary>The compiler errors of <paramref name="snippet"/> as a reader would compile it, with the file's lines.</summary>
    public static IReadOnlyList<Diagnostic> Errors(ReadmeSnippet snippet)
    {
        var project = snippet.Project ?? throw new InvalidOperationException(
            $"{snippet}: the page names no project for its C# blocks (<!-- snippet project: web + AuthKit.AspNetCore -->, see docs/contributing.md)");
        var pieces = Pieces(snippet);
        var hasStatements = pieces.Any(p => p.Kind == PieceKind.Statement);
        var compilation = CSharpCompilation.Create(
            $"Snippet_{snippet.File.Replace('/', '_').Replace('.', '_')}_{snippet.Line}",
            [
                CSharpSyntaxTree.ParseText(string.Join('\n', ImplicitUsings(project.Template).Select(u => $"global using global::{u};")), Parse, "GlobalUsings.g.cs"),
                CSharpSyntaxTree.ParseText(Source(pieces), Parse, "Snippet.cs"),
            ],
            SnippetReferences.For(project),
            new CSharpCompilationOptions(
                // An xunit project's files are classes: top-level statements there are an error (CS8805), not a test.
                hasStatements && project.Template != "xunit" ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        // A syntax error the pieces could lose (a stray token between members) is still the reader's compile error.
        var syntax = CSharpSyntaxTree.ParseText($"#line {snippet.Line} \"{snippet.File}\"\n{snippet.Code}", Parse, "Snippet.cs").GetDiagnostics();
        return [.. syntax.Concat(compilation.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).DistinctBy(d => (d.Id, d.Location.GetMappedLineSpan().ToString()))];
    }

    /// <summary>The file a reader would have made of the snippet (see the class comment).</summary>
    public static string Wrap(ReadmeSnippet snippet) => Source(Pieces(snippet));

    private static string Source(IReadOnlyList<Piece> pieces)
    {
        var source = new StringBuilder();
        foreach (var kind in new[] { PieceKind.Using, PieceKind.Statement, PieceKind.Member })
        {
            foreach (var piece in pieces.Where(p => p.Kind == kind))
            {
                source.Append("#line ").Append(piece.Line).Append(" \"").Append(piece.File).AppendLine("\"");
                source.AppendLine(piece.Text);
            }
        }

        return source.ToString();
    }

    // The snippet's usings, statements and members, pasted into the block it continues.
    private static List<Piece> Pieces(ReadmeSnippet snippet)
    {
        var own = Split(snippet);
        ReadmeSnippet? host = snippet.Context switch
        {
            SnippetContext.FragmentOfBlockAbove => ReadmeSnippet.In(snippet.File).LastOrDefault(s => s.Line < snippet.Line)
                ?? throw new InvalidOperationException($"{snippet} is marked as a fragment of the block above, and no C# block is above it"),
            SnippetContext.FragmentOfReadmeProgram => ReadmeSnippet.In("README.md")[0],
            _ => null,
        };
        if (host is null)
        {
            return own;
        }

        var pieces = Pieces(host);
        var statements = pieces.FindAll(p => p.Kind == PieceKind.Statement);
        var last = -1;
        foreach (var statement in own.Where(p => p.Kind == PieceKind.Statement))
        {
            // Where a reader puts it: a registration on the builder before the app is built, the rest before it
            // runs (or at the end); in the block's own order.
            var anchor = statement.Text.StartsWith("builder.", StringComparison.Ordinal)
                ? statements.FindIndex(p => p.Text.Contains("= builder.Build()", StringComparison.Ordinal))
                : statements.FindLastIndex(p => p.Text.StartsWith("app.Run", StringComparison.Ordinal) || p.Text.StartsWith("await app.Run", StringComparison.Ordinal));
            last = Math.Max(anchor < 0 ? statements.Count : anchor, last + 1);
            statements.Insert(last, statement);
        }

        return
        [
            .. pieces.Where(p => p.Kind == PieceKind.Using), .. own.Where(p => p.Kind == PieceKind.Using),
            .. statements,
            .. pieces.Where(p => p.Kind == PieceKind.Member), .. own.Where(p => p.Kind == PieceKind.Member),
        ];
    }

    private static List<Piece> Split(ReadmeSnippet snippet)
    {
        var root = CSharpSyntaxTree.ParseText(snippet.Code, Parse).GetCompilationUnitRoot();
        var pieces = new List<Piece>();
        foreach (var node in root.Usings.Cast<SyntaxNode>().Concat(root.Members))
        {
            var kind = node switch
            {
                UsingDirectiveSyntax => PieceKind.Using,
                GlobalStatementSyntax => PieceKind.Statement,
                _ => PieceKind.Member,
            };
            pieces.Add(new Piece(node.ToString(), snippet.File, snippet.Line + node.GetLocation().GetLineSpan().StartLinePosition.Line, kind));
        }

        return pieces;
    }

    private enum PieceKind
    {
        Using,
        Statement,
        Member,
    }

    private sealed record Piece(string Text, string File, int Line, PieceKind Kind);
}
