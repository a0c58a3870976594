namespace AuthKit.Testing.Internal;

/// <summary>One action of the emulator's catalogue.</summary>
internal sealed record CatalogAction(string Id, string Platform, string Title, string Method, string Path, string[] Tags, string Knowledge);
