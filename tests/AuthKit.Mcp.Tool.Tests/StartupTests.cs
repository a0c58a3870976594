using AuthKit.Mcp.Tool.Tests.TestSupport;
using AuthKit.Testing;

namespace AuthKit.Mcp.Tool.Tests;

/// <summary>
/// authkit-mcp refuses to start without what it needs, saying which setting is wrong on stderr, with a non-zero
/// exit code and nothing on stdout (which a host reads as the protocol); it never quotes the key.
/// </summary>
public sealed class StartupTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    [Fact]
    public async Task Without_a_secret_key_it_names_the_setting_and_exits_non_zero_with_nothing_on_stdout()
    {
        var run = await ToolRun.RunAsync(new Dictionary<string, string>
        {
            ["AuthKit__BaseUrl"] = _pica.Url.ToString(),
            ["AuthKit__Mcp__Identity"] = "user_1",
        });

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("AuthKit:SecretKey (AuthKit__SecretKey) is not set", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Identity", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task Without_an_identity_it_names_the_setting_and_exits_non_zero_with_nothing_on_stdout()
    {
        var run = await ToolRun.RunAsync(new Dictionary<string, string>
        {
            ["AuthKit__SecretKey"] = _pica.SecretKey,
            ["AuthKit__BaseUrl"] = _pica.Url.ToString(),
        });

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("AuthKit:Mcp:Identity (AuthKit__Mcp__Identity) is not set", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_pica.SecretKey, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Theory]
    [InlineData("AuthKit__SecretKey", "pk_live_not_a_secret_key_0123", "AuthKitOptions.SecretKey must start with 'sk_live_' or 'sk_test_'")]
    [InlineData("AuthKit__Mcp__IdentityType", "robot", "AuthKit:Mcp:IdentityType (AuthKit__Mcp__IdentityType) must be user, team, organization or project")]
    [InlineData("AuthKit__Mcp__Tools__Permissions", "root", "AuthKit:Mcp:Tools:Permissions (AuthKit__Mcp__Tools__Permissions) must be read, write or admin")]
    [InlineData("AuthKit__Mcp__Tools__MaxResultLength", "10", "PicaToolOptions.MaxResultLength is 10")]
    [InlineData("AuthKit__Platform", "Zapier", "AuthKit:Platform")]
    public async Task An_invalid_setting_stops_it_at_start_with_a_message_naming_it(string name, string value, string message)
    {
        var environment = new Dictionary<string, string>
        {
            ["AuthKit__SecretKey"] = _pica.SecretKey,
            ["AuthKit__BaseUrl"] = _pica.Url.ToString(),
            ["AuthKit__Mcp__Identity"] = "user_1",
            [name] = value,
        };

        var run = await ToolRun.RunAsync(environment);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(environment["AuthKit__SecretKey"], run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task With_its_settings_it_logs_to_stderr_only_and_stops_cleanly_when_the_host_closes_its_input()
    {
        var run = await ToolRun.RunAsync(new Dictionary<string, string>
        {
            ["AuthKit__SecretKey"] = _pica.SecretKey,
            ["AuthKit__BaseUrl"] = _pica.Url.ToString(),
            ["AuthKit__Mcp__Identity"] = "user_1",
            ["Logging__LogLevel__Default"] = "Trace",
        });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("authkit-mcp", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_pica.SecretKey, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_setting_as_an_environment_variable()
    {
        var run = await ToolRun.RunAsync(new Dictionary<string, string>(), "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var setting in new[]
        {
            "AuthKit__SecretKey", "AuthKit__Mcp__Identity", "AuthKit__Mcp__IdentityType", "AuthKit__Platform", "AuthKit__BaseUrl",
            "AuthKit__Mcp__Tools__Permissions", "AuthKit__Mcp__Tools__Connectors", "AuthKit__Mcp__Tools__Actions",
            "AuthKit__Mcp__Tools__KnowledgeOnly", "AuthKit__Mcp__Tools__AuthKitIntegrationsOnly", "AuthKit__Mcp__Tools__MaxResultLength",
        })
        {
            Assert.Contains(setting, run.Stdout, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _pica.Dispose();
}
