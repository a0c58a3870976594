namespace AuthKit;

/// <summary>
/// The one rule a passthrough path (what follows <c>/v1/passthrough/</c>, escaped as it goes on the wire)
/// must pass: however many times a server, a proxy or a framework percent-decodes it, it holds no dot
/// segment, no backslash and no control character. System.Uri already resolved the dot segments it can
/// see; what it leaves escaped (<c>%252e%252e</c>, <c>..%2F</c>, <c>..%5c</c>) is exactly what another hop
/// may decode and then normalize out of the passthrough, with the account's secret key on the request.
/// A path that is merely encoded (<c>group%2Fname</c>, <c>a%20b</c>) passes and is sent as written.
/// </summary>
internal static class PassthroughPathRule
{
    /// <summary>Why <paramref name="escapedPath"/> may not be sent, or <see langword="null"/> when it may.</summary>
    /// <remarks>Never quotes the path: it may hold an identity or a value from a model.</remarks>
    public static string? Problem(ReadOnlySpan<char> escapedPath)
    {
        var path = escapedPath;

        // Each decoding replaces every %XX by one character, so the text shrinks until nothing decodes.
        // Only a path with a '%' in it allocates.
        for (var decodings = 0; ; decodings++)
        {
            if (ProblemIn(path) is { } problem)
            {
                return decodings == 0
                    ? $"the path holds {problem}"
                    : $"the path holds {problem} once percent-decoded {Times(decodings)}, which a server or proxy that decodes it would act on";
            }

            if (!path.Contains('%'))
            {
                return null;
            }

            var decoded = Uri.UnescapeDataString(path.ToString());
            if (decoded.Length == path.Length)
            {
                return null;
            }

            path = decoded;
        }
    }

    private static string Times(int n) => n == 1 ? "once" : $"{n} times";

    private static string? ProblemIn(ReadOnlySpan<char> path)
    {
        var segmentStart = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            var c = i < path.Length ? path[i] : '/';
            if (c == '\\')
            {
                return "a backslash (a path separator to some servers)";
            }

            if (char.IsControl(c))
            {
                return "a control character";
            }

            if (c != '/')
            {
                continue;
            }

            if (IsDotSegment(path[segmentStart..i]))
            {
                return "a '.' or '..' segment, which leaves the action's path";
            }

            segmentStart = i + 1;
        }

        return null;
    }

    // '.' and '..', also with path parameters ("..;x"), which some servers strip before resolving.
    private static bool IsDotSegment(ReadOnlySpan<char> segment)
    {
        var parameters = segment.IndexOf(';');
        var name = parameters < 0 ? segment : segment[..parameters];
        return name is "." or "..";
    }
}
