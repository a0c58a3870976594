using Microsoft.Extensions.Logging;

namespace AuthKit;

// Events 20-29: the connections (Vault API). As for tokens: no secret, no identity, no exception object.
// Connection ids are logged: they are not secrets, and an operator needs them to follow a deletion.
internal static partial class AuthKitLog
{
    [LoggerMessage(EventId = 20, EventName = "ConnectionsListed", Level = LogLevel.Debug,
        Message = "Connections listed: {Pages} page(s), {Rows} connection(s), in {ElapsedMs:F1} ms")]
    public static partial void ConnectionsListed(ILogger logger, int pages, int rows, double elapsedMs);

    [LoggerMessage(EventId = 21, EventName = "ConnectionsCallFailed", Level = LogLevel.Warning,
        Message = "Connections call {Operation} failed after {ElapsedMs:F1} ms ({ErrorType}): {Reason}")]
    public static partial void ConnectionsCallFailed(ILogger logger, string operation, double elapsedMs, string errorType, string reason);

    [LoggerMessage(EventId = 22, EventName = "ConnectionsCallCancelled", Level = LogLevel.Debug,
        Message = "Connections call {Operation} cancelled by the caller after {ElapsedMs:F1} ms")]
    public static partial void ConnectionsCallCancelled(ILogger logger, string operation, double elapsedMs);

    // Warning: an id of another owner reached a ForIdentity view, which a correct frontend never sends.
    [LoggerMessage(EventId = 23, EventName = "ConnectionOwnershipRefused", Level = LogLevel.Warning,
        Message = "Connection {ConnectionId} is not the identity's: {Operation} refused, nothing sent to Pica")]
    public static partial void ConnectionOwnershipRefused(ILogger logger, string connectionId, string operation);

    [LoggerMessage(EventId = 24, EventName = "ConnectionDeleted", Level = LogLevel.Information,
        Message = "Connection {ConnectionId} deleted")]
    public static partial void ConnectionDeleted(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 25, EventName = "ConnectionTagsUpdated", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId}: tags replaced ({Count} tag(s))")]
    public static partial void ConnectionTagsUpdated(ILogger logger, string connectionId, int count);

    // Warning: the server ignored the identity filter; the row is dropped, but Pica should hear of it.
    [LoggerMessage(EventId = 26, EventName = "ForeignConnectionDropped", Level = LogLevel.Warning,
        Message = "A connection of another owner in the identity's listing was dropped: {ConnectionId}")]
    public static partial void ForeignConnectionDropped(ILogger logger, string connectionId);
}
