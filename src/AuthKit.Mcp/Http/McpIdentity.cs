namespace AuthKit.Http;

/// <summary>The identity one MCP request acts for, resolved by <see cref="McpIdentityGate"/>, and its connections.</summary>
internal sealed record McpIdentity(string Identity, IdentityType Type, IPicaIdentityConnections Connections)
{
    public bool IsSameAs(McpIdentity other) =>
        Type == other.Type && string.Equals(Identity, other.Identity, StringComparison.Ordinal);
}
