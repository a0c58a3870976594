using System.Net;
using System.Text.Json;
using AuthKit.Mcp.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Mcp.Tests;

/// <summary>MapAuthKitMcp answering the official MCP C# client over Streamable HTTP: the signed-in user's tools.</summary>
public sealed class McpEndpointTests : IDisposable
{
    private const string Me = "user_1";
    private const string Them = "user_2";

    private readonly PicaEmulator _pica = PicaEmulator.Start();
    private readonly PicaConnection _myGmail;
    private readonly PicaConnection _mySlack;
    private readonly PicaConnection _theirGmail;

    public McpEndpointTests()
    {
        _myGmail = _pica.Connect(Me, IdentityType.User, "gmail");
        _mySlack = _pica.Connect(Me, IdentityType.User, "slack");
        _theirGmail = _pica.Connect(Them, IdentityType.User, "gmail");
    }

    public void Dispose() => _pica.Dispose();

    private static readonly string[] AllTools =
    [
        PicaToolNames.ListConnections, PicaToolNames.ListIntegrations, PicaToolNames.SearchActions,
        PicaToolNames.GetActionKnowledge, PicaToolNames.ExecuteAction, PicaToolNames.PromptToConnect,
    ];

    [Theory]
    [InlineData(null)]
    [InlineData(McpApp.InitializeRevision)]
    public async Task Tools_list_names_the_six_tools_with_object_input_and_output_schemas_and_asks_the_platform_nothing(string? revision)
    {
        await using var app = await McpApp.StartAsync(_pica);
        var client = await app.ConnectAsync(Me, revision);

        var tools = await client.ListToolsAsync();

        Assert.Equal(AllTools.Order(), tools.Select(t => t.Name).Order());
        Assert.All(tools, tool =>
        {
            Assert.Equal("object", tool.ProtocolTool.InputSchema.GetProperty("type").GetString());
            var output = Assert.IsType<JsonElement>(tool.ProtocolTool.OutputSchema);
            Assert.Equal("object", output.GetProperty("type").GetString());
            Assert.True(output.GetProperty("properties").TryGetProperty("error", out _), $"{tool.Name}: an error result must match the output schema");
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
        });
        var execute = tools.Single(t => t.Name == PicaToolNames.ExecuteAction).ProtocolTool;
        Assert.Equal(["connection_key", "action_id"], execute.InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(execute.Annotations?.ReadOnlyHint, "read permissions: execute_action only reads");
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(McpApp.InitializeRevision)]
    public async Task List_connections_answers_the_signed_in_users_connections_as_text_and_structured_content(string? revision)
    {
        await using var app = await McpApp.StartAsync(_pica);
        var client = await app.ConnectAsync(Me, revision);

        var result = await client.CallToolAsync(PicaToolNames.ListConnections);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(new[] { _myGmail.Key, _mySlack.Key }.Order(), ToolResults.ConnectionKeys(result).Order());
        var listings = _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.VaultList).ToList();
        Assert.NotEmpty(listings);
        Assert.All(listings, r => Assert.Equal((Me, "user"), (r.Query["identity"], r.Query["identityType"])));
    }

    [Fact]
    public async Task Execute_action_runs_through_the_users_connection_and_the_platform_sees_only_the_user()
    {
        await using var app = await McpApp.StartAsync(_pica);
        var client = await app.ConnectAsync(Me);

        var result = await client.CallToolAsync(PicaToolNames.ExecuteAction, new Dictionary<string, object?>
        {
            ["connection_key"] = _myGmail.Key,
            ["action_id"] = PicaEmulator.GmailGetMessageAction,
            ["path_variables"] = new Dictionary<string, string> { ["userId"] = "me", ["messageId"] = "m42" },
        });

        Assert.NotEqual(true, result.IsError);
        var answer = ToolResults.Json(result);
        Assert.True(answer.GetProperty("ok").GetBoolean(), answer.GetRawText());
        Assert.Equal("gmail/v1/users/me/messages/m42", answer.GetProperty("body").GetProperty("path").GetString());
        var passthrough = Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal((_myGmail.Key, PicaEmulator.GmailGetMessageAction), (passthrough.ConnectionKey, passthrough.ActionId));
        Assert.All(_pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.VaultList), r => Assert.Equal(Me, r.Query["identity"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(McpApp.InitializeRevision)]
    public async Task Two_users_on_one_server_see_and_execute_only_their_own_connections(string? revision)
    {
        _pica.SeedVaultConnections(Me, IdentityType.User, 5, seed: 11);
        _pica.SeedVaultConnections(Them, IdentityType.User, 5, seed: 12);
        var mine = _pica.VaultConnections.Where(c => c.Identity == Me && c.Active).Select(c => c.Key).ToHashSet();
        var theirs = _pica.VaultConnections.Where(c => c.Identity == Them && c.Active).Select(c => c.Key).ToHashSet();
        await using var app = await McpApp.StartAsync(_pica);
        var me = await app.ConnectAsync(Me, revision);
        var them = await app.ConnectAsync(Them, revision);

        var myList = await me.CallToolAsync(PicaToolNames.ListConnections);
        var theirList = await them.CallToolAsync(PicaToolNames.ListConnections);
        _pica.ClearReceivedRequests();
        var stolen = await me.CallToolAsync(PicaToolNames.ExecuteAction, new Dictionary<string, object?>
        {
            ["connection_key"] = _theirGmail.Key,
            ["action_id"] = PicaEmulator.GmailGetMessageAction,
            ["path_variables"] = new Dictionary<string, string> { ["userId"] = "me", ["messageId"] = "m42" },
        });

        Assert.Equal(mine.Order(), ToolResults.ConnectionKeys(myList).Order());
        Assert.Equal(theirs.Order(), ToolResults.ConnectionKeys(theirList).Order());
        Assert.True(stolen.IsError);
        Assert.DoesNotContain(_theirGmail.Key, ToolResults.Error(stolen)!, StringComparison.Ordinal);
        Assert.DoesNotContain(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.All(_pica.ReceivedRequests, r => Assert.Equal(Me, r.Query.GetValueOrDefault("identity")));
    }

    [Fact]
    public async Task A_refused_call_is_an_isError_result_whose_structured_content_holds_the_error()
    {
        await using var app = await McpApp.StartAsync(_pica);
        var client = await app.ConnectAsync(Me);

        var result = await client.CallToolAsync(PicaToolNames.ExecuteAction, new Dictionary<string, object?>
        {
            ["connection_key"] = "not a key",
            ["action_id"] = PicaEmulator.GmailGetMessageAction,
        });

        Assert.True(result.IsError);
        Assert.Contains("connection_key", ToolResults.Error(result), StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task Without_a_signed_in_user_the_endpoint_answers_401_problem_json_and_nothing_reaches_the_platform()
    {
        await using var app = await McpApp.StartAsync(_pica);

        using var initialize = await app.PostAsync(McpApp.Initialize(), user: null);
        using var call = await app.PostAsync(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_connections","arguments":{}}}""", user: null, protocolVersion: "2026-07-28");
        var client = await Assert.ThrowsAnyAsync<Exception>(() => app.ConnectAsync(user: null));

        Assert.Equal(HttpStatusCode.Unauthorized, initialize.StatusCode);
        Assert.Equal("application/problem+json", initialize.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);
        Assert.Contains("401", client.ToString(), StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "McpNoIdentity");
    }

    [Fact]
    public async Task An_identity_the_platform_would_refuse_is_a_400_problem_json_and_nothing_reaches_the_platform()
    {
        await using var app = await McpApp.StartAsync(_pica);

        using var response = await app.PostAsync(McpApp.Initialize(), user: "user 1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("white space", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task The_apps_own_ConfigureSessionOptions_still_runs_beside_the_users_tools()
    {
        await using var app = await McpApp.StartAsync(_pica, services: b => b.Services.AddAuthKitMcp().WithHttpTransport(o =>
            o.ConfigureSessionOptions = (context, server, _) =>
            {
                server.ServerInstructions = "Instructions of the app's own.";
                return Task.CompletedTask;
            }));
        var client = await app.ConnectAsync(Me, McpApp.InitializeRevision);

        var result = await client.CallToolAsync(PicaToolNames.ListConnections);

        Assert.Equal("Instructions of the app's own.", client.ServerInstructions);
        Assert.Equal(new[] { _myGmail.Key, _mySlack.Key }.Order(), ToolResults.ConnectionKeys(result).Order());
    }

    [Fact]
    public async Task RequireAuthorization_composes_an_anonymous_request_is_challenged_and_a_signed_in_one_gets_its_tools()
    {
        await using var app = await McpApp.StartAsync(_pica, pipeline: a => a.MapAuthKitMcp().RequireAuthorization());

        using var anonymous = await app.PostAsync(McpApp.Initialize(), user: null);
        var client = await app.ConnectAsync(Me);
        var result = await client.CallToolAsync(PicaToolNames.ListConnections);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Id.Name == "McpNoIdentity");
        Assert.Equal(new[] { _myGmail.Key, _mySlack.Key }.Order(), ToolResults.ConnectionKeys(result).Order());
    }

    [Fact]
    public async Task By_default_stateless_no_session_id_is_minted_and_a_request_naming_one_is_refused_with_nothing_sent()
    {
        await using var app = await McpApp.StartAsync(_pica);
        var me = await app.ConnectAsync(Me, McpApp.InitializeRevision);

        using var initialize = await app.PostAsync(McpApp.Initialize(), Me);
        using var reused = await app.PostAsync(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_connections","arguments":{}}}""", Them, sessionId: "a-session-of-user_1", protocolVersion: McpApp.InitializeRevision);

        Assert.Null(me.SessionId);
        Assert.Equal(HttpStatusCode.OK, initialize.StatusCode);
        Assert.False(initialize.Headers.Contains("Mcp-Session-Id"));
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task Stateful_a_session_of_user_A_used_with_user_Bs_credentials_is_refused_403_with_nothing_sent()
    {
        await using var app = await McpApp.StartAsync(_pica, services: b => b.Services.AddAuthKitMcp().WithHttpTransport(o => o.Stateless = false));
        var me = await app.ConnectAsync(Me, McpApp.InitializeRevision);
        var session = Assert.IsType<string>(me.SessionId);

        using var reused = await app.PostAsync(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_connections","arguments":{}}}""", Them, sessionId: session, protocolVersion: McpApp.InitializeRevision);
        var stillMine = await me.CallToolAsync(PicaToolNames.ListConnections);

        Assert.Equal(HttpStatusCode.Forbidden, reused.StatusCode);
        Assert.Equal(new[] { _myGmail.Key, _mySlack.Key }.Order(), ToolResults.ConnectionKeys(stillMine).Order());
        Assert.DoesNotContain(_pica.ReceivedRequests, r => r.Query.TryGetValue("identity", out var id) && id == Them);
    }

    [Fact]
    public async Task Stateful_with_an_identity_resolved_from_another_claim_a_session_serves_only_the_identity_that_started_it()
    {
        // The same user id (which the SDK's session check compares) in two teams, the team being the identity.
        _pica.Connect("team_red", IdentityType.Team, "slack");
        var blue = _pica.Connect("team_blue", IdentityType.Team, "gmail");
        await using var app = await McpApp.StartAsync(_pica, services: b =>
        {
            b.Services.AddAuthKitEndpoint(o => o.ResolveIdentity = context => ValueTask.FromResult(
                context.User.FindFirst("team")?.Value is { } team ? new AuthKitTokenRequest { Identity = team, IdentityType = IdentityType.Team } : null));
            b.Services.AddAuthKitMcp().WithHttpTransport(o => o.Stateless = false);
        });
        var red = await app.ConnectAsync(Me, McpApp.InitializeRevision, team: "team_red");
        var session = Assert.IsType<string>(red.SessionId);
        var redTools = await red.CallToolAsync(PicaToolNames.ListConnections);
        _pica.ClearReceivedRequests();

        using var reused = await app.PostAsync(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_connections","arguments":{}}}""", Me, sessionId: session, protocolVersion: McpApp.InitializeRevision,
            team: "team_blue");
        var body = await reused.Content.ReadAsStringAsync();

        Assert.Single(ToolResults.ConnectionKeys(redTools));
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("\"isError\":true", body, StringComparison.Ordinal);
        Assert.Contains("\"structuredContent\":{\"error\":", body, StringComparison.Ordinal);
        Assert.Contains("another signed-in identity", body, StringComparison.Ordinal);
        Assert.DoesNotContain(blue.Key, body, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "McpSessionOfAnotherIdentity");
    }

    [Fact]
    public async Task The_tool_options_apply_to_every_user_knowledge_only_lists_three_tools()
    {
        await using var app = await McpApp.StartAsync(_pica, services: b => b.Services.AddAuthKitMcp(o => o.KnowledgeOnly = true));
        var client = await app.ConnectAsync(Me);

        var tools = await client.ListToolsAsync();

        Assert.Equal([PicaToolNames.GetActionKnowledge, PicaToolNames.ListIntegrations, PicaToolNames.SearchActions], tools.Select(t => t.Name).Order());
    }

    [Fact]
    public async Task Invalid_tool_options_fail_at_start_not_at_a_users_request()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => McpApp.StartAsync(_pica, services: b => b.Services.AddAuthKitMcp(o => o.MaxResultLength = 10)));

        Assert.Contains("MaxResultLength", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task MapAuthKitMcp_without_AddAuthKitMcp_says_what_to_call()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => McpApp.StartAsync(_pica, services: b => b.Services.AddMcpServer().WithHttpTransport()));

        Assert.Contains("AddAuthKitMcp", failure.Message, StringComparison.Ordinal);
    }
}
