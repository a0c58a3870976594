namespace AuthKit;

/// <summary>Per-request settings of a passthrough client (<see cref="IPicaIdentityConnections.CreatePassthroughClientAsync"/>).</summary>
public static class PicaPassthroughRequestExtensions
{
    // Pica's header, read back by the passthrough client's handler: a request's own header costs
    // nothing when unset, where HttpRequestMessage.Options allocates its dictionary on first read.
    internal const string ActionIdHeaderName = "x-pica-action-id";

    /// <summary>
    /// Sends <paramref name="request"/> with another action of the same connection than the client's
    /// default: sets its <c>x-pica-action-id</c> header, which the passthrough client sends instead of its own.
    /// </summary>
    /// <param name="request">A request for a passthrough client.</param>
    /// <param name="actionId">The action id, e.g. <c>conn_mod_def::F_JeJ_A_TKg::cc2kvVQQTiiIiLEDauy6zQ</c>.</param>
    /// <returns><paramref name="request"/>, for chaining.</returns>
    /// <exception cref="ArgumentException">The action id is empty, too long, or holds a character a header cannot carry.</exception>
    public static HttpRequestMessage SetPicaActionId(this HttpRequestMessage request, string actionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actionId);
        if (ActionIdProblem(actionId) is { } problem)
        {
            throw new ArgumentException($"The action id is invalid: {problem}.", nameof(actionId));
        }

        // Visible ASCII, checked above: the header parser, whose errors quote the value, is skipped.
        request.Headers.Remove(ActionIdHeaderName);
        request.Headers.TryAddWithoutValidation(ActionIdHeaderName, actionId);
        return request;
    }

    /// <summary>Why <paramref name="actionId"/> cannot be sent as a header value; <see langword="null"/> when it can.</summary>
    internal static string? ActionIdProblem(string actionId)
    {
        if (actionId.Length == 0)
        {
            return "it is empty";
        }

        if (actionId.Length > 512)
        {
            return $"it is {actionId.Length} characters long, at most 512 are allowed";
        }

        foreach (var c in actionId)
        {
            // Visible ASCII only: the value goes into a header without the header parser.
            if (c is <= ' ' or > '~')
            {
                return "it holds a space, a control or a non-ASCII character";
            }
        }

        return null;
    }
}
