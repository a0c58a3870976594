using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;

namespace AuthKit.Testing.Internal;

/// <summary>
/// A request's target as the HTTP server received it: the raw path (as sent, still escaped) and the path
/// Kestrel made of it (percent-decoded once, <c>%2F</c> kept, dot segments resolved). WireMock rebuilds the
/// URL it hands the emulator through <see cref="Uri"/>, which decodes escaped dots a second time and resolves
/// the segments that makes (<c>/v1/passthrough/%252e%252e/vault</c> turns into <c>/v1/vault</c>), so the
/// emulator routes on this instead.
/// </summary>
/// <param name="RawPath">The request target's path as sent, before any decoding, without the query.</param>
/// <param name="Path">The path as Kestrel decoded it once.</param>
internal sealed record RequestTarget(string RawPath, string Path)
{
    // Set by the middleware in front of WireMock's for the request being handled; the response callback
    // runs in that request's execution context.
    private static readonly AsyncLocal<RequestTarget?> Current = new();

    /// <summary>The target of the request being handled, when the middleware saw it.</summary>
    public static RequestTarget? OfCurrentRequest => Current.Value;

    /// <summary>Puts the middleware that records each request's target in front of WireMock's.</summary>
    /// <param name="app">WireMock's <c>IApplicationBuilder</c>, as <c>PreWireMockMiddlewareInit</c> passes it.</param>
    public static void Record(object app) =>
        ((IApplicationBuilder)app).Use(next => async context =>
        {
            // An async lambda: the value set here is this request's only, never the next one's on the connection.
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            var rawPath = raw is { Length: > 0 } && raw[0] == '/' ? raw.Split('?', 2)[0] : context.Request.Path.Value ?? "/";
            Current.Value = new RequestTarget(rawPath, context.Request.Path.Value ?? "/");
            await next(context).ConfigureAwait(false);
        });

    /// <summary>
    /// Why a path under <paramref name="prefix"/> leaves it after one percent-decoding (the only one an
    /// HTTP server makes), or <see langword="null"/>: a <c>.</c> or <c>..</c> segment (with <c>/</c> or
    /// <c>\</c> as separators), a backslash or a control character in what follows the prefix.
    /// </summary>
    /// <param name="prefix">The route's prefix, e.g. <c>/v1/passthrough/</c>.</param>
    /// <param name="decoded">The path decoded once, for the log.</param>
    public string? EscapeUnder(string prefix, out string decoded)
    {
        decoded = DecodeOnce(RawPath);
        if (!decoded.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = decoded.AsSpan(prefix.Length);
        foreach (var c in rest)
        {
            if (char.IsControl(c))
            {
                return "a control character";
            }
        }

        if (rest.Contains('\\'))
        {
            return "a backslash";
        }

        foreach (var segment in decoded[prefix.Length..].Split('/'))
        {
            if (segment is "." or "..")
            {
                return $"a '{segment}' segment";
            }
        }

        return null;
    }

    // %XX to the byte, the bytes read as UTF-8 (an invalid sequence becomes U+FFFD), as Kestrel decodes;
    // unlike Kestrel, %2F too, and nothing is resolved.
    private static string DecodeOnce(string raw)
    {
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return raw;
        }

        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && byte.TryParse(raw.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var octet))
            {
                bytes.Add(octet);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(raw[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
