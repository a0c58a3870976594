using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace AuthKit.Tests.DependencyInjection;

/// <summary>
/// The DI client follows the configuration: a new valid key is sent from the next request on, without
/// a restart; an invalid one is refused and logged (never quoted) and the last valid key stays; the
/// client never reads the live options object, so editing it after start changes nothing.
/// </summary>
public sealed class KeyRotationTests(ITestOutputHelper output) : IDisposable
{
    private const string OldKey = "sk_test_RotateOld0000aaaa1111";
    private const string NewKey = "sk_test_RotateNew9999zzzz8888";

    private readonly PicaStub _pica = Serve(new PicaStub());

    [Fact]
    public async Task A_new_key_from_a_configuration_reload_is_sent_from_the_next_request_on()
    {
        var configuration = Configuration(OldKey);
        await using var provider = Provider(configuration, out _);
        var authKit = provider.GetRequiredService<IAuthKitToken>();
        await authKit.CreateAsync("user_1", IdentityType.User);

        configuration["AuthKit:SecretKey"] = NewKey;
        configuration.Reload();
        var sentBefore = _pica.Requests.Count;
        await authKit.CreateAsync("user_1", IdentityType.User);

        var after = _pica.Requests.Skip(sentBefore).ToList();
        Assert.Equal(4, after.Count); // three pages and the flags call
        Assert.All(after, r => Assert.Equal(NewKey, SentKey(r)));
        Assert.All(_pica.Requests.Take(sentBefore), r => Assert.Equal(OldKey, SentKey(r)));
    }

    [Fact]
    public async Task An_invalid_new_key_is_refused_and_logged_unquoted_and_the_last_valid_key_stays()
    {
        const string Invalid = "sk_live_Leaky Invalid\r\nX-Injected: 1";
        var configuration = Configuration(OldKey);
        await using var provider = Provider(configuration, out var logs);
        var authKit = provider.GetRequiredService<IAuthKitToken>();

        configuration["AuthKit:SecretKey"] = Invalid;
        configuration.Reload();
        await authKit.CreateAsync("user_1", IdentityType.User);

        Assert.All(_pica.Requests, r => Assert.Equal(OldKey, SentKey(r)));
        var refused = Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "OptionsReloadRefused");
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Contains("SecretKey", refused.Message, StringComparison.Ordinal);
        var sweeper = new SecretSweeper(Invalid);
        sweeper.Logs("logs", logs.GetSnapshot());
        Assert.Empty(sweeper.Findings);

        // A valid key after the invalid one is taken.
        configuration["AuthKit:SecretKey"] = NewKey;
        configuration.Reload();
        var sentBefore = _pica.Requests.Count;
        await authKit.CreateAsync("user_1", IdentityType.User);
        Assert.All(_pica.Requests.Skip(sentBefore), r => Assert.Equal(NewKey, SentKey(r)));
    }

    [Fact]
    public async Task Per_call_options_follow_a_reload_too()
    {
        var configuration = Configuration(OldKey);
        await using var provider = Provider(configuration, out _);
        var authKit = provider.GetRequiredService<IAuthKitToken>();

        configuration["AuthKit:PageSize"] = "5";
        configuration.Reload();
        _pica.Server.ResetMappings();
        _pica.ServeRows(ConnectionFaker.Rows(5, seed: 97), pageSize: 5);
        var token = await authKit.CreateAsync("user_1", IdentityType.User);

        Assert.Equal(5, token.Rows.Count);
        Assert.Equal(["?limit=5&page=1"], _pica.PageRequests().Select(r => r.RawQuery).ToArray());
    }

    [Fact]
    public async Task A_reloaded_BaseUrl_is_refused_with_the_key_that_came_with_it_until_a_restart()
    {
        using var elsewhere = new PicaStub();
        elsewhere.ServeRows(ConnectionFaker.Rows(1, seed: 98));
        var configuration = Configuration(OldKey);
        await using var provider = Provider(configuration, out var logs);
        var authKit = provider.GetRequiredService<IAuthKitToken>();

        configuration["AuthKit:BaseUrl"] = elsewhere.Url.ToString();
        configuration["AuthKit:SecretKey"] = NewKey;
        configuration.Reload();
        await authKit.CreateAsync("user_1", IdentityType.User);

        // The new key never goes to the old address, nor anything to the new one before a restart.
        Assert.All(_pica.Requests, r => Assert.Equal(OldKey, SentKey(r)));
        Assert.Empty(elsewhere.Requests);
        var refused = Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "OptionsReloadRefused");
        Assert.Contains("BaseUrl", refused.Message, StringComparison.Ordinal);
        Assert.Contains("restart", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_the_options_object_after_start_changes_nothing()
    {
        var configuration = Configuration(OldKey);
        await using var provider = Provider(configuration, out _);
        var authKit = provider.GetRequiredService<IAuthKitToken>();

        // Today's main sent limit=0 and failed with a DivideByZeroException; the key would have gone unvalidated.
        var live = provider.GetRequiredService<IOptions<AuthKitOptions>>().Value;
        live.PageSize = 0;
        live.SecretKey = "sk_test_not validated";
        provider.GetRequiredService<IOptionsMonitor<AuthKitOptions>>().CurrentValue.PageSize = 0;
        var token = await authKit.CreateAsync("user_1", IdentityType.User);

        Assert.Equal(5, token.Rows.Count);
        Assert.All(_pica.PageRequests(), r => Assert.StartsWith("?limit=2&", r.RawQuery, StringComparison.Ordinal));
        Assert.All(_pica.Requests, r => Assert.Equal(OldKey, SentKey(r)));
    }

    [Fact]
    public async Task A_key_rotated_in_a_reloadable_JSON_file_is_sent_without_a_restart()
    {
        var folder = Directory.CreateTempSubdirectory("authkit-rotation-");
        try
        {
            var file = Path.Combine(folder.FullName, "appsettings.json");
            WriteSettings(file, OldKey);
            var configuration = new ConfigurationBuilder()
                .SetBasePath(folder.FullName)
                .AddJsonFile("appsettings.json", optional: false, reloadOnChange: true)
                .Build();
            await using var provider = Provider(configuration, out var logs);
            var authKit = provider.GetRequiredService<IAuthKitToken>();
            await authKit.CreateAsync("user_1", IdentityType.User);

            var rotated = DateTime.UtcNow;
            WriteSettings(file, NewKey);
            var tokens = 0;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!_pica.Requests.Any(r => SentKey(r) == NewKey))
            {
                Assert.True(DateTime.UtcNow < deadline, "the new key was not sent within 60 s of the file's change");
                await Task.Delay(10);
                await authKit.CreateAsync("user_1", IdentityType.User);
                tokens++;
            }

            var firstSent = _pica.Requests.First(r => SentKey(r) == NewKey).DateTime.ToUniversalTime();
            var reloaded = logs.GetSnapshot().First(r => r.Id.Name == "OptionsReloaded").Timestamp.UtcDateTime;
            output.WriteLine(
                $"The new key was first sent {(firstSent - rotated).TotalMilliseconds:F0} ms after the file was replaced " +
                $"(reload applied after {(reloaded - rotated).TotalMilliseconds:F0} ms; the JSON provider waits " +
                $"{new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource().ReloadDelay} ms after a change; {tokens} token(s) created meanwhile).");
            var sentBefore = _pica.Requests.Count;
            await authKit.CreateAsync("user_1", IdentityType.User);
            Assert.All(_pica.Requests.Skip(sentBefore), r => Assert.Equal(NewKey, SentKey(r)));
            Assert.Contains(logs.GetSnapshot(), r => r.Id.Name == "OptionsReloaded" && r.Message.Contains("SecretKey", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public void Dispose() => _pica.Dispose();

    private static PicaStub Serve(PicaStub pica)
    {
        pica.ServeRows(ConnectionFaker.Rows(5, seed: 97), pageSize: 2);
        return pica;
    }

    private IConfigurationRoot Configuration(string key) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AuthKit:SecretKey"] = key,
        ["AuthKit:BaseUrl"] = _pica.Url.ToString(),
        ["AuthKit:PageSize"] = "2",
        ["AuthKit:FlagsGracePeriod"] = "00:00:05",
    }).Build();

    private static ServiceProvider Provider(IConfiguration configuration, out FakeLogCollector logs)
    {
        var collector = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        services.AddAuthKit(configuration.GetSection(AuthKitOptions.SectionName));
        logs = collector;
        return services.BuildServiceProvider();
    }

    // Replaced as a whole (write, then rename), as deployment tools and Kubernetes secret volumes do: never read half-written.
    private void WriteSettings(string file, string key)
    {
        var next = file + ".next";
        File.WriteAllText(next, $$$"""{"AuthKit":{"SecretKey":"{{{key}}}","BaseUrl":"{{{_pica.Url}}}","PageSize":2,"FlagsGracePeriod":"00:00:05"}}""");
        File.Move(next, file, overwrite: true);
    }

    private static string SentKey(WireMock.IRequestMessage request) => request.Headers!["X-Pica-Secret"][0];
}
