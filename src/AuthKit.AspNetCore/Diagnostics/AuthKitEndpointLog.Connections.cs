using Microsoft.Extensions.Logging;

namespace AuthKit;

// Events 110-119: the connections endpoint (MapAuthKitConnections). No identity, no secret.
internal static partial class AuthKitEndpointLog
{
    [LoggerMessage(EventId = 110, EventName = "ConnectionsNoIdentity", Level = LogLevel.Debug,
        Message = "Connections request without a signed-in identity: answered 401")]
    public static partial void ConnectionsNoIdentity(ILogger logger);

    // Warning: a frontend of the app asked to delete a connection that is not the user's (a bug or an attack).
    [LoggerMessage(EventId = 111, EventName = "ConnectionNotTheirs", Level = LogLevel.Warning,
        Message = "Deletion of connection {ConnectionId} refused: no such connection of the signed-in identity (answered 404; nothing sent to Pica)")]
    public static partial void ConnectionNotTheirs(ILogger logger, string connectionId);

    // Debug and no exception, as 105/106: the SDK's ConnectionsCallFailed (event 21, Warning) is the failure's one line.
    [LoggerMessage(EventId = 112, EventName = "ConnectionsPicaRefused", Level = LogLevel.Debug,
        Message = "Pica refused a connections call with HTTP {PicaStatus}: 502")]
    public static partial void ConnectionsPicaRefused(ILogger logger, int picaStatus);

    [LoggerMessage(EventId = 113, EventName = "ConnectionsPicaUnavailable", Level = LogLevel.Debug,
        Message = "A connections call to Pica failed ({ErrorType}): 502")]
    public static partial void ConnectionsPicaUnavailable(ILogger logger, string errorType);

    [LoggerMessage(EventId = 114, EventName = "ConnectionsInvalidRequest", Level = LogLevel.Warning,
        Message = "Connections request refused: {Reason}")]
    public static partial void ConnectionsInvalidRequest(ILogger logger, string reason);
}
