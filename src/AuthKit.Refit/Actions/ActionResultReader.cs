using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit;

/// <summary>
/// Turns the passthrough's answer into a <see cref="PicaActionResult"/>: a JSON answer is read within
/// <see cref="AuthKitOptions.MaxActionResultBytes"/> and parsed, and the connection released at once; any
/// other answer is handed over as its live stream, released when the result is disposed.
/// </summary>
internal static class ActionResultReader
{
    public static async Task<PicaActionResult> ReadAsync(HttpResponseMessage response, IDisposable client, long maxJsonBytes, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            headers[name] = [.. values];
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            headers[name] = [.. values];
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var owner = new ActionResponseOwner(response, client);
        if (!IsJson(mediaType))
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new PicaActionResult(response.StatusCode, headers, mediaType, null, stream, owner);
        }

        using (owner)
        {
            if (response.Content.Headers.ContentLength > maxJsonBytes)
            {
                throw TooLarge(maxJsonBytes);
            }

            var buffer = new MemoryStream();
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxJsonBytes)
                    {
                        throw TooLarge(maxJsonBytes);
                    }

                    buffer.Write(chunk, 0, read);
                }
            }

            var bytes = buffer.ToArray();
            JsonNode? json = null;
            if (bytes.Length > 0)
            {
                try
                {
                    json = JsonNode.Parse(bytes);
                }
                catch (JsonException)
                {
                    // Said to be JSON and is not: the bytes are still the answer, readable from Body.
                }
            }

            return new PicaActionResult(response.StatusCode, headers, mediaType, json, new MemoryStream(bytes, writable: false));
        }
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null &&
        (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static AuthKitException TooLarge(long max) =>
        new($"The action's JSON answer is larger than the {max} bytes allowed (AuthKitOptions.MaxActionResultBytes); it was refused.");
}
