namespace AuthKit.Testing.Tests.Readme;

/// <summary>
/// The project a page says to make for its C# blocks, from <c>&lt;!-- snippet project: web + AuthKit.AspNetCore, … --&gt;</c>:
/// a <c>dotnet new</c> template (<c>web</c>, <c>console</c>, <c>worker</c> or <c>xunit</c>) and the packages
/// added with <c>dotnet add package</c>.
/// </summary>
public sealed record SnippetProject(string Template, IReadOnlyList<string> Packages)
{
    /// <summary>The templates the snippet compiler knows the implicit usings and references of.</summary>
    public static IReadOnlyList<string> Templates { get; } = ["web", "console", "worker", "xunit"];

    /// <summary>Reads <c>web + A, B</c> (the text of the comment after <c>snippet project:</c>).</summary>
    public static SnippetProject Parse(string text, string file, int line)
    {
        var parts = text.Split('+', 2, StringSplitOptions.TrimEntries);
        if (!Templates.Contains(parts[0]))
        {
            throw new InvalidOperationException($"{file} line {line}: snippet project '{parts[0]}' is not one of {string.Join(", ", Templates)}");
        }

        var packages = parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        return new SnippetProject(parts[0], packages);
    }

    /// <summary>The key a compiled reference set is kept under.</summary>
    public string Key => Template + "+" + string.Join(',', Packages.Order(StringComparer.OrdinalIgnoreCase));

    public override string ToString() => Packages.Count == 0 ? $"dotnet new {Template}" : $"dotnet new {Template} + {string.Join(", ", Packages)}";
}
