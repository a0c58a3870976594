namespace AuthKit;

/// <summary>
/// Marks the endpoints mapped by <c>MapAuthKitToken</c> (the POST handler and its preflight), so that
/// <see cref="TokenEndpointResponseMiddleware"/> recognizes their answers, including those made before
/// the handler runs (an authorization challenge, the rate limiter, an app-wide CORS policy).
/// </summary>
internal sealed class TokenEndpointMetadata
{
    public static readonly TokenEndpointMetadata Instance = new();

    private TokenEndpointMetadata()
    {
    }
}
