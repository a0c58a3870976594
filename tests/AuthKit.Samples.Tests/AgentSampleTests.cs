using AuthKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using AgentSample = AuthKit.Sample.Agent.Program;

namespace AuthKit.Samples.Tests;

/// <summary>
/// The agent sample, run in-process on its embedded emulator with its scripted model: the real chat loop
/// (FunctionInvokingChatClient) and the real tools, driven offline.
/// </summary>
public sealed class AgentSampleTests
{
    private const string MessageId = "18c2f0a1b2c3d4e5";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly StringWriter _output = new();

    // No AuthKit key and no model: the embedded emulator (user_123 with gmail, slack, google-calendar) and the script.
    // (Set here, after the command line and the environment: a developer's OpenAI__Model does not switch the tests to a real model.)
    private static IHost Sample(params string[] args) => Sample(args, model: "");

    private static IHost Sample(string[] args, string model, string? apiKey = null, string? endpoint = null) =>
        AgentSample.Create(args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AuthKit:SecretKey"] = "",
                ["AuthKit:RetryDelay"] = "00:00:00.010",
                ["OpenAI:Model"] = model,
                ["OpenAI:ApiKey"] = apiKey ?? "",
                ["OpenAI:Endpoint"] = endpoint ?? "",
            });
            builder.Services.AddFakeLogging();
        });

    private Task<int> RunAsync(IHost host) => AgentSample.RunAsync(host, _output).WaitAsync(Patience);

    private string[] Lines(string prefix) =>
        [.. _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(prefix, StringComparison.Ordinal))];

    private static bool Mentions(PicaEmulatorRequest request, string value) =>
        new[] { request.ConnectionKey, request.Path, request.Body, request.Identity }
            .Concat(request.Query.Values)
            .Concat(request.Headers.Values)
            .Any(text => text?.Contains(value, StringComparison.Ordinal) == true);

    [Theory]
    [InlineData("Pica")]
    [InlineData("One")]
    public async Task With_no_model_it_lists_searches_reads_and_executes_in_order_and_the_execute_answers_200(string platform)
    {
        using var host = Sample("--Agent:ShowRequests=true", $"--AuthKit:Platform={platform}");
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started
        var gmail = pica.VaultConnections.Single(c => c.Identity == "user_123" && c.Platform == "gmail");

        var exitCode = await RunAsync(host);

        var output = _output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Equal(
            ["list_connections", "search_actions", "get_action_knowledge", "execute_action"],
            Lines("  -> ").Select(l => l.Split(' ')[3]));
        Assert.Equal(
            ["list_connections", "search_actions", "get_action_knowledge", "execute_action"],
            Lines("  <- ").Select(l => l.Split(' ')[3]));
        Assert.Contains("\"action_ids\":[\"conn_mod_def::GmailMsg::get-message\"]", Lines("  -> ")[2], StringComparison.Ordinal);
        Assert.StartsWith("  <- execute_action {\"status\":200,\"ok\":true,", Lines("  <- ")[3], StringComparison.Ordinal);
        Assert.Equal($"assistant: Gmail answered 200 for that message. The answer is the emulator's echo of GET gmail/v1/users/me/messages/{MessageId}.", Assert.Single(Lines("assistant: ")));
        Assert.DoesNotContain("Failed:", output, StringComparison.Ordinal);

        // Each call was filled from the results before it: the key listed, the action found, the path its knowledge gave.
        Assert.Equal(platform, pica.Dialect.Name);
        var executed = Assert.Single(pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal(
            (gmail.Key, PicaEmulator.GmailGetMessageAction, "GET", $"/v1/passthrough/gmail/v1/users/me/messages/{MessageId}", System.Net.HttpStatusCode.OK),
            (executed.ConnectionKey, executed.ActionId, executed.Method, executed.Path, executed.StatusCode));
    }

    [Fact]
    public async Task Every_request_the_tools_sent_was_user_123s_or_the_catalogues_and_the_printed_log_says_so()
    {
        using var host = Sample("--Agent:ShowRequests=true");
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started
        // Another user of the same account, with a gmail connection of their own.
        var other = pica.Connect("user_456", IdentityType.User, "gmail");
        var mine = pica.VaultConnections.Where(c => c.Identity == "user_123").Select(c => c.Key).ToHashSet(StringComparer.Ordinal);

        var exitCode = await RunAsync(host);

        Assert.Equal(0, exitCode);
        var requests = pica.ReceivedRequests;
        Assert.Equal(
            [PicaEndpoint.VaultList, PicaEndpoint.ActionSearch, PicaEndpoint.Knowledge, PicaEndpoint.VaultList, PicaEndpoint.Passthrough],
            requests.Select(r => r.Endpoint));
        Assert.All(requests, r => Assert.True(r.SecretKeyMatched));
        Assert.All(requests.Where(r => r.Endpoint == PicaEndpoint.VaultList), r =>
            Assert.Equal(("user_123", "user"), (r.Query["identity"], r.Query["identityType"])));
        Assert.All(requests.Where(r => r.Endpoint == PicaEndpoint.Passthrough), r => Assert.Contains(r.ConnectionKey!, mine));
        Assert.DoesNotContain(requests, r => Mentions(r, "user_456") || Mentions(r, other.Key) || Mentions(r, other.Id));

        var log = _output.ToString().Split("Requests the tools sent:", 2)[1].Split('\n')
            .Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(requests.Count, log.Length);
        Assert.All(log, line => Assert.Matches(@" -> 200  for: (user_123( \(through their connection\))?|the account's catalogue)$", line));
        Assert.Equal(3, log.Count(l => l.Contains("for: user_123", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_output_holds_neither_the_secret_key_nor_a_whole_connection_key()
    {
        using var host = Sample("--Agent:ShowRequests=true");
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started
        var logs = host.Services.GetFakeLogCollector();

        var exitCode = await RunAsync(host);

        var output = _output.ToString();
        Assert.Equal(0, exitCode);
        string[] printed = [output, .. logs.GetSnapshot().Select(r => r.Message)];
        Assert.All(printed, text =>
        {
            Assert.DoesNotContain(pica.SecretKey, text, StringComparison.Ordinal);
            Assert.All(pica.VaultConnections, c => Assert.DoesNotContain(c.Key, text, StringComparison.Ordinal));
        });
        // The key is shown masked where the model received and sent it.
        Assert.Contains("\"connection_key\":\"test::gmail::default::***|user_123\"", Lines("  -> ")[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_that_answers_with_an_error_is_printed_the_script_stops_and_the_exit_code_is_1()
    {
        using var host = Sample();
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started
        pica.FailVault(PicaFault.InternalServerError(), times: 20);

        var exitCode = await RunAsync(host);

        Assert.Equal(1, exitCode);
        Assert.Equal(["list_connections"], Lines("  -> ").Select(l => l.Split(' ')[3]));
        Assert.StartsWith("  <- list_connections {\"error\":\"The platform failed (500)", Assert.Single(Lines("  <- ")), StringComparison.Ordinal);
        Assert.StartsWith("Failed: list_connections: The platform failed (500)", Assert.Single(Lines("Failed: ")), StringComparison.Ordinal);
        Assert.DoesNotContain(pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
    }

    [Fact]
    public async Task A_message_without_an_id_stops_before_executing_and_exits_1()
    {
        using var host = Sample("--Agent:Prompt=What does my latest email say?");
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started

        var exitCode = await RunAsync(host);

        Assert.Equal(1, exitCode);
        Assert.Equal(["list_connections", "search_actions", "get_action_knowledge"], Lines("  -> ").Select(l => l.Split(' ')[3]));
        Assert.Equal("assistant: I could not finish. The action needs messageId in its path, and your message does not say it.", Assert.Single(Lines("assistant: ")));
        Assert.DoesNotContain(pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
    }

    [Fact]
    public async Task With_a_model_configured_the_chat_goes_to_its_endpoint_with_the_six_tools_and_runs_the_tool_it_calls()
    {
        const string ApiKey = "sk-test-agent-sample-model";
        // An OpenAI-compatible endpoint whose model calls list_connections, then answers.
        var endpoint = WebApplication.CreateSlimBuilder();
        endpoint.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = endpoint.Build();
        var bodies = new List<System.Text.Json.JsonDocument>();
        var authorizations = new List<string>();
        server.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
            int turn;
            lock (bodies)
            {
                bodies.Add(body);
                authorizations.Add(context.Request.Headers.Authorization.ToString());
                turn = bodies.Count;
            }

            object message = turn == 1
                ? new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = "call_1", type = "function", function = new { name = "list_connections", arguments = "{}" } } } }
                : new { role = "assistant", content = "You have connected Gmail, Slack and Google Calendar." };
            return Results.Json(new
            {
                id = $"chatcmpl-{turn}",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = "test-model",
                choices = new[] { new { index = 0, message, finish_reason = turn == 1 ? "tool_calls" : "stop" } },
                usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
            });
        });
        await server.StartAsync();

        using var host = Sample(["--Agent:Prompt=What have I connected?"], model: "test-model", ApiKey, server.Urls.Single() + "/v1");
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started

        var exitCode = await RunAsync(host);

        Assert.Equal(0, exitCode);
        Assert.Equal(["  -> list_connections {}"], Lines("  -> "));
        Assert.StartsWith("  <- list_connections {\"connections\":[", Assert.Single(Lines("  <- ")), StringComparison.Ordinal);
        Assert.Equal("assistant: You have connected Gmail, Slack and Google Calendar.", Assert.Single(Lines("assistant: ")));
        Assert.Equal(2, bodies.Count);
        Assert.All(authorizations, a => Assert.Equal("Bearer " + ApiKey, a));
        var first = bodies[0].RootElement;
        Assert.Equal("test-model", first.GetProperty("model").GetString());
        Assert.Equal(
            ["list_connections", "list_integrations", "search_actions", "get_action_knowledge", "execute_action", "prompt_to_connect"],
            first.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        // The tool's result went back to the model as the answer to its call, with the user's connections.
        var answered = bodies[1].RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal("call_1", answered.GetProperty("tool_call_id").GetString());
        Assert.Contains(pica.VaultConnections.Single(c => c.Identity == "user_123" && c.Platform == "gmail").Key, answered.GetProperty("content").ToString(), StringComparison.Ordinal);
        Assert.All(pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.VaultList), r => Assert.Equal("user_123", r.Query["identity"]));
        Assert.DoesNotContain(ApiKey, _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_endpoint_that_refuses_the_key_is_reported_by_status_and_the_key_is_never_printed()
    {
        const string ApiKey = "sk-test-agent-sample-0123456789abcdef";
        // An OpenAI-compatible endpoint that, as OpenAI does, quotes the key it refuses.
        var endpoint = WebApplication.CreateSlimBuilder();
        endpoint.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = endpoint.Build();
        var received = 0;
        server.MapPost("/v1/chat/completions", (HttpContext context) =>
        {
            Interlocked.Increment(ref received);
            var sent = context.Request.Headers.Authorization.ToString();
            return Results.Json(new { error = new { message = $"Incorrect API key provided: {sent}", type = "invalid_request_error" } }, statusCode: 401);
        });
        await server.StartAsync();
        var url = server.Urls.Single();

        using var host = Sample([], model: "test-model", ApiKey, url + "/v1");
        var logs = host.Services.GetFakeLogCollector();

        var exitCode = await RunAsync(host);

        var output = _output.ToString();
        Assert.Equal(1, exitCode);
        Assert.Equal(1, received);
        Assert.Contains("Model: test-model", output, StringComparison.Ordinal);
        Assert.Contains("The model's endpoint refused the request (401): check OpenAI:ApiKey.", output, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey[..12], output, StringComparison.Ordinal);
        Assert.All(logs.GetSnapshot(), r => Assert.DoesNotContain(ApiKey, r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_endpoint_that_cannot_be_reached_is_one_line_and_exit_code_1_not_a_crash()
    {
        // A port that was free a moment ago: connections to it are refused.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var host = Sample([], model: "test-model", "sk-test-unreachable", $"http://127.0.0.1:{port}/v1");

        var exitCode = await RunAsync(host);

        Assert.Equal(1, exitCode);
        Assert.Equal("The model's endpoint could not be reached: ConnectionError.", _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Last(l => l.Length > 0));
        Assert.DoesNotContain("sk-test-unreachable", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_without_an_api_key_is_a_setting_to_fix_and_nothing_is_sent()
    {
        using var host = Sample([], model: "test-model");
        using var pica = host.Services.GetRequiredService<PicaEmulator>(); // also when the host never started

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => RunAsync(host));

        Assert.Contains("OpenAI:ApiKey", failure.Message, StringComparison.Ordinal);
        Assert.Empty(pica.ReceivedRequests);
    }
}
