using Microsoft.AspNetCore.Routing;

namespace AuthKit;

/// <summary>
/// The POST handler's method metadata: POST, and never a CORS preflight, whatever conventions say.
/// </summary>
/// <remarks>
/// A route group's <c>RequireCors(…)</c> sets <see cref="IHttpMethodMetadata.AcceptCorsPreflight"/> on its
/// endpoints. The POST handler taking preflights would take the preflight endpoint's place, and its
/// authorization would answer the browser's preflight (which carries no credentials) with a 401. The
/// preflight endpoint answers them instead, so setting the property here changes nothing.
/// </remarks>
internal sealed class PostWithoutPreflightMetadata : IHttpMethodMetadata
{
    public static readonly PostWithoutPreflightMetadata Instance = new();

    private PostWithoutPreflightMetadata()
    {
    }

    public IReadOnlyList<string> HttpMethods { get; } = [Microsoft.AspNetCore.Http.HttpMethods.Post];

    public bool AcceptCorsPreflight
    {
        get => false;
        set
        {
        }
    }
}
