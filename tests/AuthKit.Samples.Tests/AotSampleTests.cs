using AuthKit.Samples.Tests.TestSupport;
using AuthKit.Testing;

namespace AuthKit.Samples.Tests;

/// <summary>
/// The command-line sample: a token against an emulator, and one clear line with exit code 2 (no
/// stack trace, never the key) for a missing or bad key, a bad URL or a bad argument.
/// </summary>
public sealed class AotSampleTests : IDisposable
{
    // 40 characters: read from a file with its line break, the break is at index 40.
    private const string Key40 = "sk_test_51HxAbCdEfGhIjKlMnOpQrStUvWxYz01";

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(130, seed: 21).WithWhiteLabel(true);

    public static TheoryData<string> Builds => [.. AotSample.Builds()];

    public void Dispose() => _pica.Dispose();

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task It_creates_a_token_from_PICA_SECRET_KEY_and_PICA_BASE_URL(string build)
    {
        // A cold process reads the flag alongside page 1 and waits FlagsGracePeriod (250 ms) for it once the
        // pages are in; page 2 is held 3 s so that a loaded machine still gets the flag in first (seen: the
        // flag 250 ms late, white-label False), which is what the sample should print.
        _pica.FailPage(2, PicaFault.Slow(TimeSpan.FromSeconds(3)));
        var (exitCode, stdout, stderr) = await AotSample.RunAsync(build, Env(_pica.SecretKey, _pica.Url.ToString()), "org_42", "organization");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(
            "AuthKit token for Organization 'org_42': 130 connection(s), total 130, white-label True, request " + LastRequestId(),
            Assert.Single(Lines(stdout)));
        Assert.All(_pica.ReceivedRequests, r => Assert.True(r.SecretKeyMatched));
        Assert.Contains(_pica.ReceivedRequests, r => r.Identity == "org_42" && r.IdentityType == "organization");
    }

    public static TheoryData<string, string?, string?, string[], string> BadInput()
    {
        var data = new TheoryData<string, string?, string?, string[], string>();
        foreach (var build in AotSample.Builds())
        {
            data.Add(build, null, null, [], "PICA_SECRET_KEY is not set");
            data.Add(build, Key40 + "\n", null, [], "has a line break at index 40; keys have no white space. It ends the key");
            data.Add(build, Key40 + " ", null, [], "has a space at index 40; keys have no white space. It ends the key");
            data.Add(build, "pk_live_51HxAbCdEf", null, [], "must start with 'sk_live_' or 'sk_test_'");
            data.Add(build, Key40, "not a url", [], "PICA_BASE_URL is not an absolute URL");
            data.Add(build, Key40, "ftp://api.picaos.com", [], "BaseUrl must be an absolute http:// or https:// URL");
            data.Add(build, Key40, null, ["user_1", "robot"], "The identity type must be user, team, organization or project");
            data.Add(build, Key40, null, ["user 1"], "The identity is not usable: AuthKitTokenRequest.Identity contains white space at index 4");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_one_clear_line_and_exit_code_2_before_anything_is_sent(string build, string? key, string? baseUrl, string[] args, string expected)
    {
        var (exitCode, stdout, stderr) = await AotSample.RunAsync(build, Env(key, baseUrl ?? _pica.Url.ToString()), args);

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("AuthKit.Sample.Aot: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", line, StringComparison.Ordinal);
        if (key?.Trim() is { Length: > 8 } visible)
        {
            Assert.DoesNotContain(visible[8..], line, StringComparison.Ordinal);
        }

        Assert.Empty(_pica.ReceivedRequests);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task A_key_Pica_refuses_is_one_line_and_exit_code_1(string build)
    {
        var (exitCode, stdout, stderr) = await AotSample.RunAsync(build, Env(Key40, _pica.Url.ToString()));

        Assert.Equal(1, exitCode);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains("Creating the AuthKit token failed: Pica answered page 1 with HTTP 401", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Key40[8..], line, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Env(string? key, string? baseUrl) => new()
    {
        ["PICA_SECRET_KEY"] = key,
        ["PICA_BASE_URL"] = baseUrl,
    };

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private string LastRequestId() =>
        _pica.ReceivedRequests.Last(r => r.Endpoint == PicaEndpoint.TokenPage).RequestId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
