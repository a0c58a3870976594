using System.Text.Json;
using AuthKit.AI.Tests.TestSupport;
using AuthKit.Testing;

namespace AuthKit.AI.Tests;

/// <summary>
/// Generated hostile arguments (seeded: <c>AUTHKIT_FUZZ_SEED</c> replays another run): the other tenant's key
/// and id dressed up every way a model might (encoded up to three times, re-cased, padded, glued to the
/// user's own key, given the user's identity suffix), and path variables that try to leave their segment.
/// </summary>
public sealed class HostileGeneratorTests : IDisposable
{
    private const int Cases = 300;

    private readonly AgentWorld _world = new();
    private readonly int _seed = int.TryParse(Environment.GetEnvironmentVariable("AUTHKIT_FUZZ_SEED"), out var seed) ? seed : 27;

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task No_disguise_of_another_tenants_key_reaches_the_platform()
    {
        var random = new Random(_seed);
        var execute = _world.Tool(PicaToolNames.ExecuteAction);
        var theirs = PicaConnectionKey.Parse(_world.TheirGmail.Key);
        var mine = PicaConnectionKey.Parse(_world.MyGmail.Key);

        for (var i = 0; i < Cases; i++)
        {
            var key = Disguise(random, theirs, mine);
            var result = await ToolJson.InvokeAsync(execute, new { connection_key = key, action_id = PicaEmulator.GmailGetMessageAction, path_variables = new { userId = "me", messageId = "m" } });

            var error = ToolJson.Error(result);
            Assert.True(error is not null, $"seed {_seed}, case {i}: the key {JsonSerializer.Serialize(key)} was not refused");
            Assert.True(_world.Mentioning().Count == 0, $"seed {_seed}, case {i}: a request carried the other tenant for {JsonSerializer.Serialize(key)}");
        }

        Assert.DoesNotContain(_world.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
    }

    [Fact]
    public async Task A_path_variable_is_refused_or_stays_one_segment_of_the_actions_path()
    {
        var random = new Random(_seed);
        var execute = _world.Tool(PicaToolNames.ExecuteAction);

        for (var i = 0; i < Cases; i++)
        {
            var value = Encoded(random, Pick(random, ["..", ".", "../", "..\\", "/", "\\", "a/../b", "../v1/vault/connections", "%2e%2e", "x"]) + Pick(random, ["", "/", "%2f", "..", "x"]));
            _world.Pica.ClearReceivedRequests();
            var result = await ToolJson.InvokeAsync(execute, new { connection_key = _world.MyGmail.Key, action_id = PicaEmulator.GmailGetMessageAction, path_variables = new { userId = "me", messageId = value } });

            var sent = _world.Pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.Passthrough).ToList();
            if (ToolJson.Error(result) is not null)
            {
                Assert.True(sent.Count == 0, $"seed {_seed}, case {i}: {JsonSerializer.Serialize(value)} was refused but sent");
                continue;
            }

            var path = result.GetProperty("body").GetProperty("path").GetString()!;
            Assert.True(
                path.StartsWith("gmail/v1/users/me/messages/", StringComparison.Ordinal) && path.Count(c => c == '/') == 5 && !path.Contains('\\', StringComparison.Ordinal),
                $"seed {_seed}, case {i}: {JsonSerializer.Serialize(value)} reached {path}");
        }
    }

    private static string Disguise(Random random, PicaConnectionKey theirs, PicaConnectionKey mine)
    {
        var body = $"{theirs.Environment}::{theirs.Platform}::{theirs.Namespace}::{theirs.Id}";
        var key = random.Next(7) switch
        {
            0 => theirs.Value,
            1 => body + "|" + AgentWorld.Me,
            2 => body,
            3 => mine.Value + "," + theirs.Value,
            4 => theirs.Value.ToUpperInvariant(),
            5 => " " + theirs.Value + "\t",
            _ => $"{mine.Environment}::{mine.Platform}::{mine.Namespace}::{theirs.Id}|{AgentWorld.Me}",
        };
        return random.Next(3) == 0 ? Encoded(random, key) : key;
    }

    private static string Encoded(Random random, string value)
    {
        for (var times = random.Next(4); times > 0; times--)
        {
            value = Uri.EscapeDataString(value);
            if (random.Next(2) == 0)
            {
                value = value.ToLowerInvariant();
            }
        }

        return value;
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
