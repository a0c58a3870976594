namespace AuthKit.Tools;

/// <summary>A tool call refused before anything was sent; its message goes back to the model as the result's <c>error</c>.</summary>
internal sealed class ToolRefusal(string message) : Exception(message);
