using System.Globalization;
using System.Text;
using AuthKit.Testing;

namespace AuthKit.Emulator;

/// <summary>The one log line of a request: time, method, path, page, status and whether the key was right; never the key.</summary>
internal static class RequestLine
{
    private const int MaxPathLength = 200;

    /// <summary>E.g. <c>14:03:07.215 #3 POST /v1/authkit page=2 limit=100 -> 200</c>.</summary>
    public static string Format(PicaEmulatorRequest request, string secretKey, AuthKit.AuthKitPlatformDialect dialect)
    {
        var line = new StringBuilder()
            .Append(request.Timestamp.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))
            .Append(" #").Append(request.Sequence.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Clean(request.Method, secretKey, 16))
            .Append(' ').Append(Clean(request.Path, secretKey, MaxPathLength));
        if (request.Page is { } page)
        {
            line.Append(" page=").Append(page.ToString(CultureInfo.InvariantCulture));
        }

        if (request.Limit is { } limit)
        {
            line.Append(" limit=").Append(limit.ToString(CultureInfo.InvariantCulture));
        }

        line.Append(" -> ").Append(((int)request.StatusCode).ToString(CultureInfo.InvariantCulture));
        if (request.Endpoint != PicaEndpoint.Unknown && !request.SecretKeyMatched)
        {
            line.Append(request.HasSecretHeader ? " (wrong key)" : $" (no {dialect.SecretHeader} header)");
        }

        return line.ToString();
    }

    // The path is the client's: bounded, no control characters (no terminal escapes), and the emulator's
    // key taken out should a client have put it there.
    private static string Clean(string text, string secretKey, int maxLength)
    {
        var cleaned = new StringBuilder(text.Replace(secretKey, "[key]", StringComparison.Ordinal));
        for (var i = 0; i < cleaned.Length; i++)
        {
            if (char.IsControl(cleaned[i]))
            {
                cleaned[i] = '?';
            }
        }

        return cleaned.Length <= maxLength ? cleaned.ToString() : cleaned.ToString(0, maxLength) + "…";
    }
}
