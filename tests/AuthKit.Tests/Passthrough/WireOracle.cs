namespace AuthKit.Tests.Passthrough;

/// <summary>
/// What a server or proxy that decodes and normalizes a request target could make of it, written
/// independently of the SDK's rule: decoded zero to five times, backslashes taken as separators, path
/// parameters stripped, dot segments removed as RFC 3986 does.
/// </summary>
internal static class WireOracle
{
    private const string Root = "/v1/passthrough/";

    /// <summary>Why <paramref name="target"/> may be taken out of the passthrough, or null when it cannot.</summary>
    public static string? LeavesThePassthrough(string target)
    {
        var path = target.Split('?')[0];
        for (var decodings = 0; decodings <= 5; decodings++)
        {
            if (path.Any(char.IsControl))
            {
                return $"{target}: a control character after {decodings} decoding(s)";
            }

            var normalized = RemoveDotSegments(path.Replace('\\', '/'));
            if (!normalized.StartsWith(Root, StringComparison.Ordinal))
            {
                return $"{target}: {normalized} after {decodings} decoding(s)";
            }

            if (path.Contains('\\', StringComparison.Ordinal))
            {
                return $"{target}: a backslash after {decodings} decoding(s)";
            }

            path = Uri.UnescapeDataString(path);
        }

        return null;
    }

    private static string RemoveDotSegments(string path)
    {
        var output = new List<string>();
        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var name = segments[i].Split(';')[0];
            if (name == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (name != ".")
            {
                output.Add(segments[i]);
            }
        }

        return "/" + string.Join('/', output) + (segments[^1].Split(';')[0] is "." or ".." ? "/" : "");
    }
}
