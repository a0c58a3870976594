using System.Text.RegularExpressions;
using AuthKit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ConnectionsSample = AuthKit.Sample.Connections.Program;

namespace AuthKit.Samples.Tests;

/// <summary>The connections sample, run in-process on its embedded emulator (or on one the test starts).</summary>
public sealed class ConnectionsSampleTests
{
    private const string DefaultActionId = "conn_mod_def::F_JeJ_A_TKg::cc2kvVQQTiiIiLEDauy6zQ";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly StringWriter _output = new();

    // No key: the sample starts its embedded emulator, seeded with user_123's gmail and slack.
    private static IHost Sample(params string[] args) =>
        ConnectionsSample.Create(args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AuthKit:SecretKey"] = "",
                ["AuthKit:RetryDelay"] = "00:00:00.010",
            });
            builder.Services.AddFakeLogging();
        });

    private Task<int> RunAsync(IHost host) => ConnectionsSample.RunAsync(host, _output).WaitAsync(Patience);

    private static PicaEmulatorRequest[] Passthrough(PicaEmulator pica) =>
        [.. pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.Passthrough)];

    private static string[] Keys(PicaEmulator pica, string identity) =>
        [.. pica.VaultConnections.Where(c => c.Identity == identity).Select(c => c.Key).Order(StringComparer.Ordinal)];

    private static bool Mentions(PicaEmulatorRequest request, string value) =>
        new[] { request.ConnectionKey, request.Path, request.Body, request.Identity }
            .Concat(request.Query.Values)
            .Concat(request.Headers.Values)
            .Any(text => text?.Contains(value, StringComparison.Ordinal) == true);

    private static void AssertHoldsNoSecret(string text, PicaEmulator pica)
    {
        Assert.DoesNotContain(pica.SecretKey, text, StringComparison.Ordinal);
        Assert.All(pica.VaultConnections, c => Assert.DoesNotContain(c.Key, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_calls_users_me_profile_through_each_of_user_123s_connections_and_exits_0()
    {
        using var host = Sample();
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started
        var other = pica.Connect("user_456", IdentityType.User, "gmail");

        var exitCode = await RunAsync(host);

        var output = _output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Matches(new Regex(@"^  gmail: HTTP 200 ", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^  slack: HTTP 200 ", RegexOptions.Multiline), output);
        Assert.Contains("2 of 2 call(s) answered 2xx.", output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^Action ""List Messages"" through gmail: HTTP 200 ", RegexOptions.Multiline), output);
        var action = Assert.Single(Passthrough(pica), r => r.ActionId == PicaEmulator.GmailListMessagesAction);
        Assert.Equal(("GET", "/v1/passthrough/gmail/v1/users/me/messages", "5"), (action.Method, action.Path, action.Query["maxResults"]));

        var calls = Passthrough(pica).Where(c => !ReferenceEquals(c, action)).ToArray();
        Assert.Equal(Keys(pica, "user_123"), calls.Select(c => c.ConnectionKey!).Order(StringComparer.Ordinal));
        Assert.All(calls, c =>
        {
            Assert.Equal(("GET", "/v1/passthrough/users/me/profile", DefaultActionId, true), (c.Method, c.Path, c.ActionId, c.SecretKeyMatched));
            Assert.Equal(System.Net.HttpStatusCode.OK, c.StatusCode);
        });

        // user_456 is in the same account: nothing was asked about them, in the Vault or through the passthrough.
        Assert.DoesNotContain(pica.ReceivedRequests, r => Mentions(r, other.Key) || Mentions(r, "user_456"));
        Assert.All(pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.VaultList), r => Assert.Equal("user_123", r.Query["identity"]));
    }

    [Fact]
    public async Task Its_emulator_warning_counts_a_tokens_rows_and_the_connections_the_run_then_lists_for_user_123()
    {
        using var host = Sample();
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started
        var logs = host.Services.GetFakeLogCollector();
        var token = await new AuthKitToken(pica.CreateOptions()).CreateAsync("user_123", IdentityType.User); // before the run stops the emulator

        var exitCode = await RunAsync(host);

        Assert.Equal(0, exitCode);
        var listed = Regex.Match(_output.ToString(), @"^user_123 has (\d+) connection\(s\):", RegexOptions.Multiline);
        Assert.True(listed.Success, _output.ToString());
        var warning = Assert.Single(logs.GetSnapshot(), r => r.Message.Contains("NOT from Pica", StringComparison.Ordinal)).Message;
        Assert.Contains($"each token lists {token.Rows.Count} fake integrations,", warning, StringComparison.Ordinal);
        Assert.Contains($"its Vault holds {listed.Groups[1].Value} connection(s) of user_123.", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identity_without_connections_is_told_so_exits_1_and_calls_nothing()
    {
        using var host = Sample("--Connections:Identity=user_999");
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started

        var exitCode = await RunAsync(host);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("user_999 has no connections", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains(pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.VaultList && r.Query["identity"] == "user_999");
        Assert.Empty(Passthrough(pica));
    }

    [Fact]
    public async Task Neither_the_output_nor_the_log_holds_a_connection_key_or_the_secret_key_even_when_the_body_echoes_them()
    {
        using var host = Sample();
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started
        var keys = Keys(pica, "user_123");
        // An integration that sends the caller's keys back, at the start of a 20 000-character body.
        var body = $$"""{"seen":["{{keys[0]}}","{{keys[1]}}"],"padding":"{{new string('x', 20_000)}}"}""";
        pica.OnPassthrough(DefaultActionId, PicaPassthroughAnswer.Json(body));
        var logs = host.Services.GetFakeLogCollector();

        var exitCode = await RunAsync(host);

        var output = _output.ToString();
        Assert.Equal(0, exitCode);
        AssertHoldsNoSecret(output, pica);
        AssertHoldsNoSecret(string.Join('\n', logs.GetSnapshot().Select(r => r.Message)), pica);
        var lines = output.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains(": HTTP 200", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line =>
        {
            Assert.Contains("""{"seen":["[connection key]","[connection key]"],"padding":"xxx""", line, StringComparison.Ordinal);
            Assert.EndsWith("x…", line.TrimEnd('\r'), StringComparison.Ordinal);
            Assert.True(line.Length < 300, $"the printed body is bounded, not {line.Length} characters");
        });
    }

    [Fact]
    public async Task A_call_that_is_not_answered_2xx_is_printed_with_its_status_and_the_exit_code_is_1()
    {
        using var host = Sample();
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started
        pica.FailPassthrough(PicaFault.InternalServerError(), times: 1);

        var exitCode = await RunAsync(host);

        var output = _output.ToString();
        Assert.Equal(1, exitCode);
        Assert.Single(Regex.Matches(output, @"^  (gmail|slack): HTTP 500 ", RegexOptions.Multiline));
        Assert.Single(Regex.Matches(output, @"^  (gmail|slack): HTTP 200 ", RegexOptions.Multiline));
        Assert.Contains("1 of 2 call(s) answered 2xx.", output, StringComparison.Ordinal);
        Assert.Equal(2, Passthrough(pica).Count(r => r.ActionId == DefaultActionId));
    }

    [Theory]
    [InlineData("Connections:Path", "/users/me/profile")]
    [InlineData("Connections:Path", "../../v1/vault/connections")]
    [InlineData("Connections:Path", "https://elsewhere.example/users/me")]
    [InlineData("Connections:ActionId", "conn mod def")]
    [InlineData("Connections:Identity", "user:123")]
    [InlineData("Connections:Identity", " ")]
    public async Task Invalid_options_stop_the_sample_at_start_and_nothing_is_sent(string setting, string value)
    {
        using var host = Sample($"--{setting}={value}");
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => RunAsync(host));

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
        Assert.Empty(pica.ReceivedRequests);
        Assert.Empty(_output.ToString());
    }

    [Fact]
    public async Task Stopping_during_the_first_call_cancels_it_makes_no_other_call_and_exits_1()
    {
        IHostApplicationLifetime? lifetime = null;
        using var pica = PicaEmulator.Start(new PicaEmulatorOptions
        {
            // What Ctrl+C does, as soon as the first call reaches Pica.
            RequestReceived = r =>
            {
                if (r.Endpoint == PicaEndpoint.Passthrough)
                {
                    lifetime?.StopApplication();
                }
            },
        });
        pica.Connect("user_123", IdentityType.User, "gmail");
        pica.Connect("user_123", IdentityType.User, "slack");
        // Answered only after the test's patience: a sample that waited for it would fail the test.
        pica.OnPassthrough(DefaultActionId, PicaPassthroughAnswer.Json("{}").WithLatency(Patience * 2));
        using var host = ConnectionsSample.Create([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:SecretKey"] = pica.SecretKey,
            ["AuthKit:BaseUrl"] = pica.Url.ToString(),
        }));
        lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        Assert.Null(host.Services.GetService<PicaEmulator>()); // a key is configured: no embedded emulator

        var exitCode = await RunAsync(host);

        Assert.Equal(1, exitCode);
        Assert.EndsWith("Cancelled.", _output.ToString().TrimEnd(), StringComparison.Ordinal);
        Assert.Single(Passthrough(pica));
    }
}
