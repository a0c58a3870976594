using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AuthKit;

/// <summary>
/// How the token endpoint describes itself to ASP.NET Core's OpenAPI (<c>AddOpenApi()</c>, Swashbuckle,
/// NSwag): the POST, its answers and their content types, a summary and the <c>AuthKit</c> tag. Metadata
/// of the shared framework only, so the package needs no OpenAPI package and stays Native AOT clean.
/// </summary>
internal static class TokenEndpointDescription
{
    public const string Tag = "AuthKit";
    public const string Summary = "Creates the AuthKit token of the signed-in user";

    public const string Description =
        "Called by Pica's AuthKit iframe (the frontend's token.url), with the headers of token.headers. Answers the " +
        "user's AuthKit token, created with Pica's API with the app's secret key. Errors are problem+json: 401 " +
        "without a signed-in user, 400 for an identity Pica would not accept, 502 when Pica refuses or cannot be " +
        "reached (picaStatus holds Pica's status).";

    private const string Json = "application/json";

    // ApiExplorer (which AddOpenApi, Swashbuckle and NSwag read) describes only endpoints that carry the
    // MethodInfo of their handler, which Map(pattern, RequestDelegate) does not add. The method handling
    // the POST: its one parameter, the HttpContext, is not a request parameter, and its Task answers
    // nothing, so the answers come from the metadata below only. Named statically: the trimmer keeps it.
    private static readonly MethodInfo Handler =
        typeof(TokenEndpointHandler).GetMethod(nameof(TokenEndpointHandler.HandleAsync), [typeof(HttpContext)])!;

    public static void Describe<TBuilder>(TBuilder post)
        where TBuilder : IEndpointConventionBuilder
    {
        post.WithMetadata(Handler)
            .WithSummary(Summary)
            .WithDescription(Description)
            .WithTags(Tag)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(AuthKitTokenResponse), [Json]),
                Problem(StatusCodes.Status400BadRequest),
                Problem(StatusCodes.Status401Unauthorized),
                Problem(StatusCodes.Status502BadGateway));
    }

    private static ProducesResponseTypeMetadata Problem(int status) =>
        new(status, typeof(ProblemDetails), [TokenEndpointProblem.ContentType]);
}
