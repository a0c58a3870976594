namespace AuthKit;

/// <summary>
/// The headers a passthrough client owns: the secret key, the connection key and the action id, under
/// both platforms' names (Pica's <c>x-pica-*</c> and One's <c>x-one-*</c>). The handler sets them once. A
/// copy the caller put in <c>request.Headers</c> is replaced (the action id, once checked, is honoured: it is
/// what <c>SetPicaActionId</c> sets); a copy in <c>request.Content.Headers</c> is refused, since no API of
/// ours puts one there and a server that reads the last value would act on the caller's key unchecked.
/// A caller's <c>Host</c> is refused too: behind a shared front end it routes the key elsewhere.
/// </summary>
internal static class PassthroughOwnedHeaders
{
    /// <summary>Every name the handler owns, on either platform, case-insensitively.</summary>
    public static readonly string[] Names =
        [.. AuthKitPlatformDialect.All.SelectMany(d => new[] { d.SecretHeader, d.ConnectionKeyHeader, d.ActionIdHeader })];

    /// <summary>Why the caller's headers may not be sent, or <see langword="null"/> when they may.</summary>
    public static string? Problem(HttpRequestMessage request)
    {
        if (request.Headers.NonValidated.Count != 0 && request.Headers.NonValidated.Contains("Host"))
        {
            return "the request sets its own Host header; a passthrough request goes to AuthKitOptions.BaseUrl's host only";
        }

        if (request.Content is { } content)
        {
            var headers = content.Headers.NonValidated;
            foreach (var name in Names)
            {
                if (headers.Contains(name))
                {
                    return $"the request's content sets the {name} header, which only the passthrough client sets";
                }
            }
        }

        return null;
    }
}
