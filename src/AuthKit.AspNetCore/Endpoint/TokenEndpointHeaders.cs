using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AuthKit;

/// <summary>The headers every answer of the token endpoint carries, whoever made the answer.</summary>
internal static class TokenEndpointHeaders
{
    public static void Apply(HttpResponse response)
    {
        // A token is per user: no cache, shared or private, may keep it.
        response.Headers.CacheControl = "no-store";
        AddVaryOrigin(response.Headers);
    }

    // The CORS headers depend on the Origin: a cache must key on it. Also folds the duplicates that
    // CorsService (or the app's own CORS) may have appended into one list.
    private static void AddVaryOrigin(IHeaderDictionary headers)
    {
        var names = new List<string>(2);
        foreach (var value in headers.Vary)
        {
            foreach (var part in (value ?? string.Empty).Split(','))
            {
                var name = part.Trim();
                if (name.Length > 0 && !names.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    names.Add(name);
                }
            }
        }

        if (!names.Contains("*") && !names.Contains(HeaderNames.Origin, StringComparer.OrdinalIgnoreCase))
        {
            names.Add(HeaderNames.Origin);
        }

        headers.Vary = string.Join(", ", names);
    }
}
