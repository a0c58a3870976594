using System.Text;
using Microsoft.Extensions.Options;

namespace AuthKit.Sample.Connections;

/// <summary>
/// Lists the configured identity's connections, prints them, then calls <see cref="ConnectionsOptions.Path"/>
/// through each one and prints its status and the start of its body. Never prints a connection key.
/// </summary>
public sealed class ConnectionCalls(IPicaConnections connections, IPicaCatalog catalog, IOptions<ConnectionsOptions> options)
{
    /// <summary>How much of each answer's body is printed, in characters.</summary>
    public const int BodyPreviewLength = 200;

    private const string KeyMask = "[connection key]";

    /// <summary>Lists and calls the connections.</summary>
    /// <param name="output">Where the lines are printed.</param>
    /// <param name="cancellationToken">Ctrl+C: cancels the listing or the call in flight.</param>
    /// <returns>0 when every call answered 2xx, otherwise 1.</returns>
    public async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var mine = connections.ForIdentity(settings.Identity, IdentityType.User);
        try
        {
            var found = new List<PicaConnection>();
            await foreach (var connection in mine.ListAsync(cancellationToken: cancellationToken))
            {
                found.Add(connection);
            }

            if (found.Count == 0)
            {
                await output.WriteLineAsync($"{settings.Identity} has no connections: connect an integration in the AuthKit modal first, or pick another identity with --Connections:Identity=<id>.");
                return 1;
            }

            await output.WriteLineAsync($"{settings.Identity} has {found.Count} connection(s):");
            foreach (var connection in found)
            {
                var tags = connection.Tags.Count == 0 ? "none" : string.Join(", ", connection.Tags);
                await output.WriteLineAsync($"  {connection.Platform,-12} id {connection.Id}  tags: {tags}");
            }

            await output.WriteLineAsync($"GET {settings.Path} through each connection:");
            // Longest first, so that a key is never masked only up to another key that is its prefix.
            var keys = found.Select(c => c.Key).OrderByDescending(k => k.Length).ToArray();
            var succeeded = 0;
            foreach (var connection in found)
            {
                if (await CallAsync(mine, connection, keys, settings, output, cancellationToken))
                {
                    succeeded++;
                }
            }

            await output.WriteLineAsync($"{succeeded} of {found.Count} call(s) answered 2xx.");
            if (found.FirstOrDefault(c => c.Platform == "gmail" && c.Active) is { } gmail)
            {
                await RunActionAsync(mine, gmail, keys, output, cancellationToken);
            }

            return succeeded == found.Count ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("Cancelled.");
            return 1;
        }
        catch (AuthKitException ex)
        {
            await output.WriteLineAsync($"Listing the connections of {settings.Identity} failed: {ex.Message}");
            return 1;
        }
    }

    // An action of the catalogue, found by search and executed through the user's Gmail: informative only,
    // its status does not change the exit code.
    private async Task RunActionAsync(IPicaIdentityConnections mine, PicaConnection gmail, string[] keys, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            var found = await catalog.SearchActionsAsync("gmail", "list messages", limit: 1, cancellationToken: cancellationToken);
            if (found.Count == 0 || found[0].SystemId is not { } actionId)
            {
                await output.WriteLineAsync("Action: no Gmail action matches \"list messages\".");
                return;
            }

            using var result = await mine.ExecuteActionAsync(gmail.Key, actionId, new PicaActionInput
            {
                PathVariables = new Dictionary<string, string> { ["userId"] = "me" },
                Query = new Dictionary<string, string> { ["maxResults"] = "5" },
            }, cancellationToken);
            var preview = await PreviewAsync(result.Body, keys, cancellationToken);
            await output.WriteLineAsync($"Action \"{found[0].Title}\" through gmail: HTTP {(int)result.StatusCode}  {preview}");
        }
        catch (Exception ex) when (ex is AuthKitException or HttpRequestException or ArgumentException)
        {
            await output.WriteLineAsync($"Action through gmail failed: {ex.Message}");
        }
    }

    private static async Task<bool> CallAsync(
        IPicaIdentityConnections mine, PicaConnection connection, string[] keys, ConnectionsOptions settings, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            using var http = await mine.CreatePassthroughClientAsync(connection.Key, settings.ActionId, cancellationToken);
            using var response = await http.GetAsync(settings.Path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var preview = await PreviewAsync(await response.Content.ReadAsStreamAsync(cancellationToken), keys, cancellationToken);
            await output.WriteLineAsync($"  {connection.Platform}: HTTP {(int)response.StatusCode}  {preview}");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is AuthKitException or HttpRequestException or ArgumentException)
        {
            // One connection failing (deleted since the listing, the other environment, the network) does
            // not stop the others. The SDK's messages never hold the key.
            await output.WriteLineAsync($"  {connection.Platform}: failed: {ex.Message}");
            return false;
        }
    }

    // Reads only what is printed, plus one key's length (so that a key that starts within the preview is
    // masked whole) and one character (to tell whether there is more): a large download is not pulled in.
    // Every listed key is masked, not only the one called: an integration, or the emulator's echo, may
    // send the request's headers back, and a body may hold anything.
    private static async Task<string> PreviewAsync(Stream stream, string[] keys, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[BodyPreviewLength + keys.Max(k => k.Length) + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        var text = buffer.AsSpan(0, read);

        var preview = new StringBuilder(BodyPreviewLength + KeyMask.Length);
        var i = 0;
        while (i < Math.Min(read, BodyPreviewLength))
        {
            var key = FirstKeyAt(text[i..], keys);
            if (key is not null)
            {
                preview.Append(KeyMask);
                i += key.Length;
            }
            else
            {
                // One line per call, whatever the body holds.
                preview.Append(char.IsControl(text[i]) ? ' ' : text[i]);
                i++;
            }
        }

        return i < read ? preview.Append('…').ToString() : preview.ToString();
    }

    private static string? FirstKeyAt(ReadOnlySpan<char> text, string[] keys)
    {
        foreach (var key in keys)
        {
            if (key.Length > 0 && text.StartsWith(key, StringComparison.Ordinal))
            {
                return key;
            }
        }

        return null;
    }
}
