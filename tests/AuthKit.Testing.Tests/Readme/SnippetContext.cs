namespace AuthKit.Testing.Tests.Readme;

/// <summary>Where a reader pastes a C# block, as the comment right above it says (none: <see cref="AsPasted"/>).</summary>
public enum SnippetContext
{
    /// <summary>A file of its own: the whole <c>Program.cs</c> if it has top-level statements, else a file of classes.</summary>
    AsPasted,

    /// <summary><c>&lt;!-- snippet: fragment of the block above --&gt;</c>: into the page's previous C# block, before its <c>app.Run()</c>.</summary>
    FragmentOfBlockAbove,

    /// <summary><c>&lt;!-- snippet: fragment of README.md's program --&gt;</c>: into README.md's first C# block (the program of "Your own app"), before its <c>app.Run()</c>.</summary>
    FragmentOfReadmeProgram,
}
