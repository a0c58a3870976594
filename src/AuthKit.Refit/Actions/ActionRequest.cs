using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AuthKit;

/// <summary>
/// Turns an action's knowledge and a caller's <see cref="PicaActionInput"/> into the one passthrough request
/// that executes it. Everything a caller (or a model) gives is checked before anything is sent: a path
/// variable becomes exactly one escaped segment and can never add one or climb out; a header can never
/// replace a key or the action id, on either platform, nor route the request elsewhere. No message quotes
/// a value: it may be an identity, a key or a model's text.
/// </summary>
internal static partial class ActionRequest
{
    private const string CustomTag = "custom";
    private const string ConnectionKeyField = "connectionKey";

    /// <summary>Checks what does not depend on the action: headers, variable values, query names, one body.</summary>
    public static void CheckInput(PicaActionInput input, string paramName)
    {
        if (input.PathVariables is { } variables)
        {
            foreach (var (name, value) in variables)
            {
                if (value is null)
                {
                    throw new ArgumentException($"The path variable '{Printable(name)}' is null.", paramName);
                }

                if (value.Length == 0 || value is "." or ".." || value.Contains('/') || value.Contains('\\'))
                {
                    throw new ArgumentException(
                        $"The path variable '{Printable(name)}' is empty, a dot segment, or holds '/' or '\\': it must stay one segment of the action's path. Nothing was sent.", paramName);
                }
            }
        }

        if (input.Query is { } query)
        {
            foreach (var (name, value) in query)
            {
                if (string.IsNullOrEmpty(name) || value is null)
                {
                    throw new ArgumentException("A query parameter has an empty name or a null value.", paramName);
                }
            }
        }

        if (input.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                if (string.IsNullOrEmpty(name) || !name.All(IsTokenChar))
                {
                    throw new ArgumentException("A header name is empty or holds a character a header name cannot.", paramName);
                }

                if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) || PassthroughOwnedHeaders.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    throw new ArgumentException(
                        $"PicaActionInput.Headers sets {name}, which only the SDK sets (the secret, the connection key, the action id, on either platform, and Host). Nothing was sent.", paramName);
                }

                if (value is null || value.Any(c => c is '\r' or '\n' or '\0' || (char.IsControl(c) && c != '\t')))
                {
                    throw new ArgumentException($"The value of header {name} is null or holds a control character.", paramName);
                }
            }
        }

        var bodies = (input.Json is not null ? 1 : 0) + (input.Form is not null ? 1 : 0) + (input.Multipart is not null ? 1 : 0) + (input.Content is not null ? 1 : 0);
        if (bodies > 1)
        {
            throw new ArgumentException("PicaActionInput holds more than one body: set one of Json, Form, Multipart or Content.", paramName);
        }
    }

    /// <summary>The request for <paramref name="knowledge"/> under <paramref name="root"/> (the passthrough client's base address).</summary>
    public static HttpRequestMessage Build(Uri root, PicaActionKnowledge knowledge, PicaActionInput input, string connectionKey, string paramName)
    {
        HttpMethod method;
        try
        {
            method = new HttpMethod(knowledge.Method.Trim().ToUpperInvariant());
        }
        catch (FormatException)
        {
            throw new AuthKitException("The action's knowledge names a method that is not an HTTP method; nothing was sent.");
        }

        var path = FillPath(knowledge.Path, input.PathVariables, paramName);
        if (input.Query is { Count: > 0 } query)
        {
            var builder = new StringBuilder(path).Append(path.Contains('?') ? '&' : '?');
            var first = true;
            foreach (var (name, value) in query)
            {
                builder.Append(first ? string.Empty : "&").Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
                first = false;
            }

            path = builder.ToString();
        }

        var bodiless = method == HttpMethod.Get || method == HttpMethod.Head;
        if (bodiless && (input.Json is not null || input.Form is not null || input.Multipart is not null || input.Content is not null))
        {
            throw new ArgumentException($"The action is a {method.Method}, which takes no body; PicaActionInput holds one. Nothing was sent.", paramName);
        }

        var custom = !bodiless && knowledge.Tags.Contains(CustomTag, StringComparer.Ordinal);
        var request = new HttpRequestMessage(method, new Uri(root.AbsoluteUri + path))
        {
            Content = bodiless ? null : Body(input, custom ? connectionKey : null, paramName),
        };

        if (input.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                if (request.Headers.TryAddWithoutValidation(name, value))
                {
                    continue;
                }

                // A content header (Content-Type, Content-Language…) belongs to the body.
                if (request.Content is null)
                {
                    request.Dispose();
                    throw new ArgumentException($"Header {name} describes a body, and the action is sent without one.", paramName);
                }

                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>
    /// The action's path with each <c>{{name}}</c> replaced by its value escaped as one segment, relative to
    /// the passthrough root (no leading <c>/</c>).
    /// </summary>
    public static string FillPath(string template, IReadOnlyDictionary<string, string>? variables, string paramName)
    {
        var builder = new StringBuilder(template.Length + 32);
        var at = 0;
        foreach (Match match in Template().Matches(template))
        {
            builder.Append(template, at, match.Index - at);
            var name = match.Groups[1].Value.Trim();
            if (variables is null || !variables.TryGetValue(name, out var value))
            {
                throw new ArgumentException(
                    $"The action's path needs the path variable '{Printable(name)}', which PicaActionInput.PathVariables does not hold. Nothing was sent.", paramName);
            }

            builder.Append(Uri.EscapeDataString(value));
            at = match.Index + match.Length;
        }

        builder.Append(template, at, template.Length - at);
        var start = 0;
        while (start < builder.Length && builder[start] == '/')
        {
            start++;
        }

        return builder.ToString(start, builder.Length - start);
    }

    private static HttpContent? Body(PicaActionInput input, string? connectionKey, string paramName)
    {
        if (input.Content is { } content)
        {
            return content;
        }

        if (input.Form is { } form)
        {
            return new FormUrlEncodedContent(WithKey(form, connectionKey));
        }

        if (input.Multipart is { } parts)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in WithKey(parts, connectionKey))
            {
                multipart.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(value ?? string.Empty)), name);
            }

            return multipart;
        }

        var json = input.Json;
        if (connectionKey is not null)
        {
            if (json is not null and not JsonObject)
            {
                throw new ArgumentException("The action is tagged custom: its JSON body must be an object, to which connectionKey is added.", paramName);
            }

            var withKey = json is null ? new JsonObject() : (JsonObject)json.DeepClone();
            withKey[ConnectionKeyField] = connectionKey;
            json = withKey;
        }

        if (json is null)
        {
            return null;
        }

        var bytes = new ByteArrayContent(Encoding.UTF8.GetBytes(json.ToJsonString()));
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return bytes;
    }

    // The platform reads connectionKey from a custom action's body; the caller's own copy is not kept.
    private static IEnumerable<KeyValuePair<string, string>> WithKey(IEnumerable<KeyValuePair<string, string>> pairs, string? connectionKey) =>
        connectionKey is null
            ? pairs
            : pairs.Where(p => !string.Equals(p.Key, ConnectionKeyField, StringComparison.Ordinal)).Append(new(ConnectionKeyField, connectionKey));

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    // A variable's name comes from the action's knowledge: shown, but bounded and without control characters.
    private static string Printable(string name)
    {
        var clean = new string(name.Where(c => !char.IsControl(c)).Take(100).ToArray());
        return clean;
    }

    [GeneratedRegex(@"\{\{\s*([^{}]+?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Template();
}
