using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// <c>GET</c> and <c>DELETE {id}</c> of the connections endpoint: the identity as the token endpoint resolves
/// it, then <see cref="IPicaConnections.ForIdentity"/>, so an id of someone else is answered 404 and never
/// reaches Pica. Failures are problem+json holding neither the key nor Pica's answer body.
/// </summary>
internal sealed class ConnectionsEndpointHandler
{
    private readonly IPicaConnections _connections;
    private readonly Func<HttpContext, ValueTask<AuthKitTokenRequest?>> _resolveIdentity;
    private readonly ILogger _logger;

    public ConnectionsEndpointHandler(IPicaConnections connections, IOptions<AuthKitEndpointOptions> options, ILoggerFactory loggerFactory)
    {
        _connections = connections;
        _resolveIdentity = options.Value.ResolveIdentity ?? AuthenticatedUserIdentity.Resolve;
        _logger = loggerFactory.CreateLogger(AuthKitEndpointLog.Category);
    }

    public async Task ListAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (await IdentityAsync(context).ConfigureAwait(false) is not { } mine)
        {
            return;
        }

        var list = new List<PicaConnection>();
        if (!await CallAsync(context, async token =>
            {
                await foreach (var connection in mine.ListAsync(cancellationToken: token).ConfigureAwait(false))
                {
                    list.Add(connection);
                }
            }).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await context.Response.WriteAsJsonAsync(list, ConnectionsJsonContext.Default.ListPicaConnection, "application/json; charset=utf-8", context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            AuthKitEndpointLog.RequestAborted(_logger);
        }
    }

    public async Task DeleteAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (await IdentityAsync(context).ConfigureAwait(false) is not { } mine)
        {
            return;
        }

        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        var deleted = false;
        if (!await CallAsync(context, async token => deleted = await mine.DeleteAsync(id, token).ConfigureAwait(false)).ConfigureAwait(false))
        {
            return;
        }

        if (!deleted)
        {
            AuthKitEndpointLog.ConnectionNotTheirs(_logger, id);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status404NotFound, "Connection not found",
                "The signed-in identity has no connection with this id.").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task<IPicaIdentityConnections?> IdentityAsync(HttpContext context)
    {
        var request = await _resolveIdentity(context).ConfigureAwait(false);
        if (request?.Identity is not { } identity)
        {
            AuthKitEndpointLog.ConnectionsNoIdentity(_logger);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Not signed in",
                "The connections are those of the signed-in user; this request has none.").ConfigureAwait(false);
            return null;
        }

        try
        {
            // A token created without an identity type leaves connections Pica reports without one: they
            // belong to no identity's view, so defaulting to User shows nothing that is not the user's.
            return _connections.ForIdentity(identity, request.IdentityType ?? IdentityType.User);
        }
        catch (ArgumentException ex)
        {
            await InvalidAsync(context, ex).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<bool> CallAsync(HttpContext context, Func<CancellationToken, Task> call)
    {
        try
        {
            await call(context.RequestAborted).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            AuthKitEndpointLog.RequestAborted(_logger);
        }
        catch (ArgumentException ex)
        {
            await InvalidAsync(context, ex).ConfigureAwait(false);
        }
        catch (AuthKitApiException ex)
        {
            var picaStatus = (int)ex.StatusCode;
            AuthKitEndpointLog.ConnectionsPicaRefused(_logger, picaStatus);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status502BadGateway, "Pica refused the connections request",
                $"Pica answered HTTP {picaStatus}.", picaStatus).ConfigureAwait(false);
        }
        catch (AuthKitException ex)
        {
            AuthKitEndpointLog.ConnectionsPicaUnavailable(_logger, ex.GetType().Name);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status502BadGateway, "Pica is unavailable",
                "The connections could not be read or changed; try again shortly.").ConfigureAwait(false);
        }

        return false;
    }

    private async Task InvalidAsync(HttpContext context, ArgumentException ex)
    {
        // The SDK's validation messages say what is wrong without quoting the value.
        var suffix = ex.ParamName is { } name ? $" (Parameter '{name}')" : null;
        var reason = suffix is not null && ex.Message.EndsWith(suffix, StringComparison.Ordinal) ? ex.Message[..^suffix.Length] : ex.Message;
        AuthKitEndpointLog.ConnectionsInvalidRequest(_logger, reason);
        await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid request", reason).ConfigureAwait(false);
    }
}
