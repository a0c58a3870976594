using AuthKit.Testing;

namespace AuthKit.Sample.Agent;

/// <summary>
/// Prints the embedded emulator's request log: each request the tools sent, and whose it was. A connection's
/// requests name its owner (the emulator knows who holds each key); catalogue requests belong to no one.
/// </summary>
public static class RequestLog
{
    /// <summary>The owner printed for a catalogue request, which names no identity.</summary>
    public const string Catalogue = "the account's catalogue";

    /// <summary>Prints the log.</summary>
    /// <param name="output">Where to print it.</param>
    /// <param name="emulator">The emulator the tools called.</param>
    /// <returns>When printed.</returns>
    public static async Task PrintAsync(TextWriter output, PicaEmulator emulator)
    {
        var owners = emulator.VaultConnections.ToDictionary(c => c.Key, c => c.Identity ?? "(no identity)", StringComparer.Ordinal);
        await output.WriteLineAsync("Requests the tools sent:");
        foreach (var request in emulator.ReceivedRequests)
        {
            // The path holds no key and the query is left out: an action's query may hold the user's data.
            await output.WriteLineAsync($"  {request.Method} {request.Path} -> {(int)request.StatusCode}  for: {Owner(request, owners)}");
        }
    }

    private static string Owner(PicaEmulatorRequest request, Dictionary<string, string> owners)
    {
        if (request.Query.TryGetValue("identity", out var identity) || (identity = request.Identity) is not null)
        {
            return identity;
        }

        if (request.ConnectionKey is { } key)
        {
            return owners.TryGetValue(key, out var owner) ? owner + " (through their connection)" : "an unknown connection";
        }

        return Catalogue;
    }
}
