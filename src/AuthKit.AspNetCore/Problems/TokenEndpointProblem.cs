using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit;

/// <summary>
/// Writes the endpoint's error answers as <c>application/problem+json</c>: through the app's
/// <see cref="IProblemDetailsService"/> when it registered one (<c>AddProblemDetails</c>, so its
/// customizations apply), else with a source-generated serializer (no reflection, Native AOT).
/// </summary>
internal static class TokenEndpointProblem
{
    public const string ContentType = "application/problem+json";
    public const string PicaStatusExtension = "picaStatus";

    public static async Task WriteAsync(HttpContext context, int status, string? title, string? detail, int? picaStatus = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypeOf(status),
            Title = title,
            Detail = detail,
        };
        if (picaStatus is { } pica)
        {
            problem.Extensions[PicaStatusExtension] = pica;
        }

        context.Response.StatusCode = status;
        if (context.RequestServices.GetService<IProblemDetailsService>() is { } service &&
            await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            return;
        }

        problem.Title ??= TitleOf(status);
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        await context.Response.WriteAsJsonAsync(problem, ProblemJsonContext.Readable.ProblemDetails, ContentType, context.RequestAborted).ConfigureAwait(false);
    }

    // The RFC sections ASP.NET Core's own problem details point at; any other status is "about:blank",
    // which RFC 9457 (4.2.1) defines as "nothing more than the HTTP status": every answer has a type.
    private static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        406 => "https://tools.ietf.org/html/rfc9110#section-15.5.7",
        408 => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        412 => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc4918#section-11.2",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        502 => "https://tools.ietf.org/html/rfc9110#section-15.6.3",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        504 => "https://tools.ietf.org/html/rfc9110#section-15.6.5",
        _ => "about:blank",
    };

    private static string TitleOf(int status) => status switch
    {
        500 => "An error occurred while processing your request.",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
    };
}
