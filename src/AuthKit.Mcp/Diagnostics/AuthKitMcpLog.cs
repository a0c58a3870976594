using Microsoft.Extensions.Logging;

namespace AuthKit.Diagnostics;

// Events 120-129: the MCP endpoint (MapAuthKitMcp). No identity, no key, no secret.
internal static partial class AuthKitMcpLog
{
    public const string Category = "AuthKit.Mcp";

    [LoggerMessage(EventId = 120, EventName = "McpNoIdentity", Level = LogLevel.Debug,
        Message = "MCP request without a signed-in identity: answered 401")]
    public static partial void NoIdentity(ILogger logger);

    [LoggerMessage(EventId = 121, EventName = "McpInvalidIdentity", Level = LogLevel.Warning,
        Message = "MCP request refused: {Reason}")]
    public static partial void InvalidIdentity(ILogger logger, string reason);

    // Warning: a session's tool was called by a request of another identity (a stateful session's id reused).
    [LoggerMessage(EventId = 122, EventName = "McpSessionOfAnotherIdentity", Level = LogLevel.Warning,
        Message = "Tool {Tool} refused: the MCP session was started by another identity (nothing sent to the platform)")]
    public static partial void SessionOfAnotherIdentity(ILogger logger, string tool);
}
