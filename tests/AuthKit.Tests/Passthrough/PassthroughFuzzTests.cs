using System.Globalization;
using AuthKit.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Sdk;
using static AuthKit.Tests.Passthrough.TwoTenants;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// The passthrough's boundary, fuzzed: thousands of generated requests (paths of segments, dots, slashes and
/// backslashes encoded zero to three times, keys' headers on both collections, methods, bodies) through one
/// client onto a server that records the raw bytes. Whatever reached the wire stays under /v1/passthrough/
/// however often a hop decodes it, and carries exactly one secret, one connection key and one action id, all
/// the client's, and the base URL's Host; whatever was refused sent nothing. Deterministic per seed: a failure
/// names its seed and the shrunk case (AUTHKIT_FUZZ_SEED=n replays it).
/// </summary>
public sealed class PassthroughFuzzTests
{
    private const ulong DefaultSeed = 24;
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private static IPicaIdentityConnections Mine(Uri baseUrl) =>
        new PicaConnections(new AuthKitOptions { SecretKey = Secret, BaseUrl = baseUrl, MaxRetries = 0 }).ForIdentity("user_1", IdentityType.User);

    [Fact]
    public async Task Whatever_reaches_the_wire_stays_in_the_passthrough_with_one_of_each_key_and_whatever_is_refused_sends_nothing()
    {
        await using var pica = new RecordingPica();
        using var http = await Mine(pica.Url).CreatePassthroughClientAsync(MyKey, ActionId);
        var sent = 0;

        Check(PassthroughCase.Hostile, 2500, c =>
        {
            var before = pica.Passthrough.Count();
            using var request = c.ToRequest();
            var ownActionId = request.Headers.TryGetValues("x-pica-action-id", out var a) && a.Count() == 1 ? a.Single() : null;
            Exception? refused = null;
            try
            {
                http.SendAsync(request).GetAwaiter().GetResult().Dispose();
            }
            catch (Exception ex)
            {
                refused = ex;
            }

            var arrived = pica.Passthrough.Skip(before).ToList();
            if (refused is not null)
            {
                return arrived.Count == 0 ? null : $"refused ({refused.GetType().Name}: {refused.Message}) but {arrived.Count} request(s) reached the wire: {arrived[0]}";
            }

            if (c.SetsForbiddenHeader)
            {
                return "a key or a Host set by the caller was sent instead of refused";
            }

            sent++;
            if (arrived.Count != 1)
            {
                return $"{arrived.Count} requests reached the wire for one call";
            }

            var head = arrived[0];
            return WireOracle.LeavesThePassthrough(head.Target)
                ?? Exactly(head, "X-Pica-Secret", Secret)
                ?? Exactly(head, "x-pica-connection-key", MyKey)
                ?? Exactly(head, "x-pica-action-id", ownActionId ?? ActionId)
                ?? Exactly(head, "Host", pica.Url.Authority)
                ?? (head.Values("X-One-Secret").Count + head.Values("x-one-connection-key").Count + head.Values("x-one-action-id").Count == 0
                    ? null
                    : "an x-one-* header went to Pica");
        });

        // A generator that only ever got refused would prove nothing about what is sent.
        Assert.InRange(sent, 250, 2500);
    }

    [Fact]
    public async Task On_the_emulator_the_hostile_cases_reach_only_the_identitys_connection_through_the_passthrough()
    {
        using var emulator = PicaEmulator.Start();
        var mine = emulator.Connect("user_123", IdentityType.User, "gmail");
        var theirs = emulator.Connect("user_456", IdentityType.User, "gmail");
        using var http = await new PicaConnections(emulator.CreateOptions()).ForIdentity("user_123", IdentityType.User)
            .CreatePassthroughClientAsync(mine.Key, ActionId);
        var lookups = emulator.ReceivedRequests.Count;

        Check(PassthroughCase.Hostile, 1000, c =>
        {
            using var request = c.ToRequest();
            try
            {
                http.SendAsync(request).GetAwaiter().GetResult().Dispose();
            }
            catch (Exception)
            {
                // Refused before sending, or the emulator's answer: what it received is the point.
            }

            var strays = emulator.ReceivedRequests.Skip(lookups)
                .Where(r => r.Endpoint != PicaEndpoint.Passthrough || r.ConnectionKey != mine.Key || !r.SecretKeyMatched)
                .ToList();
            return strays.Count == 0 && emulator.VaultConnections.Any(v => v.Id == theirs.Id)
                ? null
                : $"the emulator received {string.Join(", ", strays)}";
        });
    }

    [Fact]
    public async Task A_legitimate_callers_encoded_paths_go_out_byte_for_byte()
    {
        await using var pica = new RecordingPica();
        using var http = await Mine(pica.Url).CreatePassthroughClientAsync(MyKey, ActionId);

        Check(PassthroughCase.Ordinary, 500, c =>
        {
            var before = pica.Passthrough.Count();
            using var request = c.ToRequest();
            try
            {
                http.SendAsync(request).GetAwaiter().GetResult().Dispose();
            }
            catch (Exception ex)
            {
                return $"refused: {ex.GetType().Name}: {ex.Message}";
            }

            var arrived = pica.Passthrough.Skip(before).ToList();
            // System.Uri, before any handler, writes the hex digits of an escaped UTF-8 byte in upper case.
            var expected = UpperHex("/v1/passthrough/" + c.RelativePath);
            return arrived.Count == 1 && UpperHex(arrived[0].Target) == expected ? null : $"expected one request to {expected}, got [{string.Join(", ", arrived)}]";
        });
    }

    private static string UpperHex(string target) =>
        System.Text.RegularExpressions.Regex.Replace(target, "%[0-9a-fA-F]{2}", m => m.Value.ToUpperInvariant());

    private static string? Exactly(RecordingPica.Head head, string name, string value)
    {
        var values = head.Values(name);
        return values.Count == 1 && values[0] == value ? null : $"{name}: expected exactly one, ours; the wire held {values.Count}";
    }

    // Runs the property on the thread pool (the client is called synchronously, as a case at a time) and
    // names the seed on failure; FsCheck's own message holds the original and the shrunk case.
    private static void Check(Arbitrary<PassthroughCase> cases, int count, Func<PassthroughCase, string?> problem)
    {
        var seed = Environment.GetEnvironmentVariable("AUTHKIT_FUZZ_SEED") is { Length: > 0 } text
            ? ulong.Parse(text, CultureInfo.InvariantCulture)
            : DefaultSeed;
        var property = Prop.ForAll(cases, c =>
        {
            if (problem(c) is { } p)
            {
                throw new XunitException(p);
            }
        });
        try
        {
            Task.Run(() => property.Check(Config.QuickThrowOnFailure.WithMaxTest(count).WithReplay(seed, Gamma).WithQuietOnSuccess(true))).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            throw new XunitException($"Fuzz seed {seed} (AUTHKIT_FUZZ_SEED={seed} replays it): {ex.Message}");
        }
    }
}
