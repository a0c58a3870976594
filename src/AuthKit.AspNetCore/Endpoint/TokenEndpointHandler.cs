using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// <c>POST</c> of the token endpoint: who the token is for (the resolver), the token from Pica (with
/// the caller's abort as cancellation), and every failure as problem+json that holds neither the key
/// nor Pica's answer body. One log line per failure.
/// </summary>
internal sealed class TokenEndpointHandler
{
    private readonly IAuthKitToken _authKit;
    private readonly Func<HttpContext, ValueTask<AuthKitTokenRequest?>> _resolveIdentity;
    private readonly ILogger _logger;

    public TokenEndpointHandler(IAuthKitToken authKit, IOptions<AuthKitEndpointOptions> options, ILoggerFactory loggerFactory)
    {
        _authKit = authKit;
        _resolveIdentity = options.Value.ResolveIdentity ?? AuthenticatedUserIdentity.Resolve;
        _logger = loggerFactory.CreateLogger(AuthKitEndpointLog.Category);
    }

    public async Task HandleAsync(HttpContext context)
    {
        // A token is per user: no cache may keep it or hand it to someone else.
        TokenEndpointHeaders.Apply(context.Response);

        var request = await _resolveIdentity(context).ConfigureAwait(false);
        if (request is null)
        {
            AuthKitEndpointLog.NoIdentity(_logger);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Not signed in",
                "The AuthKit token is created for the signed-in user; this request has none.").ConfigureAwait(false);
            return;
        }

        // One's hosted page pages by itself (?page=N&limit=M): that page alone, as the platform sends it.
        if (!TokenEndpointPaging.TryRead(context.Request.Query, out var paging, out var pagingProblem))
        {
            AuthKitEndpointLog.InvalidPaging(_logger, pagingProblem.Parameter);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status400BadRequest, $"Invalid '{pagingProblem.Parameter}'", pagingProblem.Detail).ConfigureAwait(false);
            return;
        }

        AuthKitTokenResponse token;
        try
        {
            token = paging is { } asked
                ? await _authKit.CreatePageAsync(request, asked.Page, asked.Limit, context.RequestAborted).ConfigureAwait(false)
                : await _authKit.CreateAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            AuthKitEndpointLog.RequestAborted(_logger);
            return;
        }
        catch (ArgumentOutOfRangeException ex) when (paging is not null && ex.ParamName is TokenEndpointPaging.PageParameter or TokenEndpointPaging.LimitParameter)
        {
            // Out of the SDK's bounds (MaxPages, the largest limit): its message names the parameter and the bounds.
            AuthKitEndpointLog.InvalidPaging(_logger, ex.ParamName);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status400BadRequest, $"Invalid '{ex.ParamName}'", WithoutParameterName(ex)).ConfigureAwait(false);
            return;
        }
        catch (ArgumentException ex)
        {
            // The SDK's validation messages say what is wrong without quoting the identity.
            var reason = AsTheCallerSeesIt(WithoutParameterName(ex));
            AuthKitEndpointLog.InvalidIdentity(_logger, reason);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid identity", reason).ConfigureAwait(false);
            return;
        }
        catch (AuthKitApiException ex)
        {
            // Only Pica's status reaches the browser: its answer body is for the logs.
            var picaStatus = (int)ex.StatusCode;
            AuthKitEndpointLog.PicaRefused(_logger, picaStatus, ex.ErrorKey, ex.ErrorCode, ex.CorrelationId, ex.ErrorMessage);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status502BadGateway, "Pica refused the token request",
                $"Pica answered HTTP {picaStatus}.", picaStatus).ConfigureAwait(false);
            return;
        }
        catch (AuthKitException ex)
        {
            AuthKitEndpointLog.PicaUnavailable(_logger, ex.GetType().Name);
            await TokenEndpointProblem.WriteAsync(context, StatusCodes.Status502BadGateway, "Pica is unavailable",
                "The AuthKit token could not be created; try again shortly.").ConfigureAwait(false);
            return;
        }

        try
        {
            await context.Response.WriteAsJsonAsync(token, TokenJsonContext.Default.AuthKitTokenResponse, "application/json; charset=utf-8", context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            AuthKitEndpointLog.RequestAborted(_logger);
        }
    }

    // The SDK names the property its .NET caller set (AuthKitTokenRequest.Identity); the frontend set nothing:
    // the identity is the signed-in user's, resolved here. Only the message's subject is renamed.
    private static string AsTheCallerSeesIt(string reason)
    {
        foreach (var (property, subject) in (ReadOnlySpan<(string, string)>)[
            ("AuthKitTokenRequest.IdentityType", "The signed-in user's identity type"),
            ("AuthKitTokenRequest.Identity", "The signed-in user's identity")])
        {
            if (reason.StartsWith(property, StringComparison.Ordinal))
            {
                return subject + reason[property.Length..];
            }
        }

        return reason;
    }

    // ArgumentException.Message ends with " (Parameter 'request')": noise for the frontend.
    private static string WithoutParameterName(ArgumentException ex)
    {
        var message = ex.Message;
        var suffix = ex.ParamName is { } name ? $" (Parameter '{name}')" : null;
        return suffix is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }
}
