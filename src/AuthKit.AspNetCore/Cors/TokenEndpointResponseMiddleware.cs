using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AuthKit;

/// <summary>
/// Runs first in the pipeline (<see cref="TokenEndpointStartupFilter"/>) and gives every answer of the
/// token endpoint its CORS headers, <c>Cache-Control: no-store</c> and, for an empty error answer, a
/// problem+json body: also the answers made before the handler runs (an authorization challenge, the
/// rate limiter, an app-wide <c>UseCors()</c> policy answering the preflight), which no endpoint filter
/// sees. Answers of the app's other endpoints are left as they are.
/// </summary>
/// <remarks>
/// The headers are applied in <see cref="HttpResponse.OnStarting(Func{object, Task}, object)"/>: by
/// then routing has chosen the endpoint, and, registered first, this callback runs after every other
/// one (they run in reverse order), so it has the last word on the Access-Control-* headers.
/// </remarks>
internal sealed class TokenEndpointResponseMiddleware(RequestDelegate next, TokenEndpointCors cors)
{
    private static readonly Func<object, Task> OnStarting = static state =>
    {
        var (context, cors) = ((HttpContext, TokenEndpointCors))state;
        if (IsTokenEndpoint(context))
        {
            cors.Apply(context);
        }

        return Task.CompletedTask;
    };

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(HeaderNames.Origin))
        {
            context.Response.OnStarting(OnStarting, (context, cors));
        }

        await next(context).ConfigureAwait(false);

        var response = context.Response;
        if (response.HasStarted || !IsTokenEndpoint(context))
        {
            return;
        }

        TokenEndpointHeaders.Apply(response);
        if (response.StatusCode >= StatusCodes.Status400BadRequest && IsEmpty(response) && !context.RequestAborted.IsCancellationRequested)
        {
            await TokenEndpointProblem.WriteAsync(context, response.StatusCode, TitleOf(response.StatusCode), DetailOf(response.StatusCode)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether the request was routed to the token endpoint. An exception handler or a status-code
    /// page that re-executes the pipeline clears or replaces the endpoint; their features keep the original.
    /// </summary>
    public static bool IsTokenEndpoint(HttpContext context) =>
        IsTokenEndpoint(context.GetEndpoint()) ||
        IsTokenEndpoint(context.Features.Get<IExceptionHandlerFeature>()?.Endpoint) ||
        IsTokenEndpoint(context.Features.Get<IStatusCodeReExecuteFeature>()?.Endpoint);

    private static bool IsTokenEndpoint(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<TokenEndpointMetadata>() is not null;

    private static bool IsEmpty(HttpResponse response) =>
        response.ContentLength is null or 0 && string.IsNullOrEmpty(response.ContentType);

    private static string? TitleOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Not signed in",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        _ => null,
    };

    private static string? DetailOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "The AuthKit token is created for the signed-in user; this request was not authenticated.",
        StatusCodes.Status403Forbidden => "The signed-in user may not create an AuthKit token.",
        StatusCodes.Status429TooManyRequests => "Too many AuthKit token requests; try again later.",
        _ => null,
    };
}
