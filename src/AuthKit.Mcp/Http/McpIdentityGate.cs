using AuthKit.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Http;

/// <summary>
/// Stands before every request of <c>MapAuthKitMcp</c>: resolves the identity as the token endpoint does
/// (<see cref="AuthKitEndpointOptions.ResolveIdentity"/>, else the signed-in user) and keeps it on the request
/// for the session's tools, or answers the request itself (401 without an identity, 400 for one the platform
/// would not accept, problem+json as the token endpoint's) before the MCP server reads it, so nothing reaches
/// the platform.
/// </summary>
internal sealed class McpIdentityGate
{
    private static readonly object ItemKey = new();

    private readonly IPicaConnections _connections;
    private readonly Func<HttpContext, ValueTask<AuthKitTokenRequest?>> _resolveIdentity;
    private readonly ILogger _logger;

    public McpIdentityGate(IPicaConnections connections, IOptions<AuthKitEndpointOptions> options, ILoggerFactory loggerFactory)
    {
        _connections = connections;
        _resolveIdentity = options.Value.ResolveIdentity ?? AuthenticatedUserIdentity.Resolve;
        _logger = loggerFactory.CreateLogger(AuthKitMcpLog.Category);
    }

    /// <summary>The identity this request was let in with; <see langword="null"/> for a request that did not pass the gate.</summary>
    public static McpIdentity? Of(HttpContext? context) =>
        context?.Items.TryGetValue(ItemKey, out var identity) == true ? identity as McpIdentity : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = await _resolveIdentity(context).ConfigureAwait(false);
        if (request?.Identity is not { } identity)
        {
            AuthKitMcpLog.NoIdentity(_logger);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Not signed in",
                "The MCP tools are those of the signed-in user; this request has none.").ConfigureAwait(false);
            return;
        }

        // As the connections endpoint: a token created without an identity type leaves connections the platform
        // reports without one; they belong to no identity's view, so User shows nothing that is not the user's.
        var type = request.IdentityType ?? IdentityType.User;
        IPicaIdentityConnections connections;
        try
        {
            connections = _connections.ForIdentity(identity, type);
        }
        catch (ArgumentException ex)
        {
            // The SDK's validation messages say what is wrong without quoting the identity.
            var suffix = ex.ParamName is { } name ? $" (Parameter '{name}')" : null;
            var reason = suffix is not null && ex.Message.EndsWith(suffix, StringComparison.Ordinal) ? ex.Message[..^suffix.Length] : ex.Message;
            AuthKitMcpLog.InvalidIdentity(_logger, reason);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid identity", reason).ConfigureAwait(false);
            return;
        }

        context.Items[ItemKey] = new McpIdentity(identity, type, connections);
        await next(context).ConfigureAwait(false);
    }
}
