using System.Net.Http.Headers;
using AuthKit.Tests.TestSupport;

namespace AuthKit.AspNetCore.Tests.TestSupport;

/// <summary>The requests a browser and Pica's AuthKit iframe send.</summary>
internal static class Requests
{
    public const string PicaOrigin = "https://authkit.picaos.com";
    public const string Path = "/authkit-token";

    /// <summary>A CORS preflight for a POST with <paramref name="requestHeaders"/>, as Chromium sends it.</summary>
    public static HttpRequestMessage Preflight(string origin, string requestHeaders = "authorization,content-type", string path = Path, bool privateNetwork = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
        if (requestHeaders.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", requestHeaders);
        }

        if (privateNetwork)
        {
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Private-Network", "true");
        }

        return request;
    }

    /// <summary>The iframe's POST: JSON body, the user signed in by the tests' scheme when <paramref name="user"/> is set.</summary>
    public static HttpRequestMessage Token(string? user, string? origin = PicaOrigin, string path = Path, string? team = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("{}", new MediaTypeHeaderValue("application/json")),
        };
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (user is not null)
        {
            request.Headers.Add(TestUser.Header, user);
        }

        if (team is not null)
        {
            request.Headers.Add(TestUser.TeamHeader, team);
        }

        return request;
    }

    /// <summary>The values of a response header (content headers included), or none.</summary>
    public static string[] Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? [.. values]
        : response.Content.Headers.TryGetValues(name, out var content) ? [.. content]
        : [];

    /// <summary>The Access-Control-* headers of a response, by name.</summary>
    public static Dictionary<string, string> AccessControl(this HttpResponseMessage response) =>
        response.Headers.Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
}
