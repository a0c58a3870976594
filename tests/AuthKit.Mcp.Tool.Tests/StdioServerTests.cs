using System.Collections.Concurrent;
using System.Text.Json;
using AuthKit.Mcp.Tool.Tests.TestSupport;
using AuthKit.Testing;
using ModelContextProtocol.Protocol;

namespace AuthKit.Mcp.Tool.Tests;

/// <summary>
/// authkit-mcp as its own process, answered through the official C# MCP client over stdio, against an emulator
/// holding two tenants: what the client sees, and what reached the platform (the emulator's request log).
/// </summary>
public sealed class StdioServerTests : IDisposable
{
    private static readonly string[] AllTools =
        ["execute_action", "get_action_knowledge", "list_connections", "list_integrations", "prompt_to_connect", "search_actions"];

    private readonly TwoTenants _world = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    [Fact]
    public async Task ToolsList_names_the_six_tools_each_with_an_object_input_schema_and_an_output_schema()
    {
        await using var client = await McpTool.ConnectAsync(_world.Environment(), _stderr);

        var tools = await client.ListToolsAsync();

        Assert.Equal(AllTools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal("authkit-mcp", client.ServerInfo?.Name);
        foreach (var tool in tools.Select(t => t.ProtocolTool))
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            Assert.Equal("object", tool.InputSchema.GetProperty("type").GetString());
            Assert.True(tool.OutputSchema is { } output && output.GetProperty("type").GetString() == "object", $"{tool.Name} has no object outputSchema");
        }

        var execute = tools.Single(t => t.Name == "execute_action").ProtocolTool;
        Assert.Equal(["connection_key", "action_id"], execute.InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        // Read is the default: the host may run every tool without asking.
        Assert.True(execute.Annotations?.ReadOnlyHint);
    }

    [Fact]
    public async Task List_connections_answers_exactly_the_configured_identitys_connections_and_asks_only_for_them()
    {
        await using var client = await McpTool.ConnectAsync(_world.Environment(), _stderr);

        var result = await client.CallToolAsync("list_connections", new Dictionary<string, object?>());

        Assert.NotEqual(true, result.IsError);
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        var keys = structured.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("key").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { _world.MyGmail.Key, _world.MySlack.Key }.Order(StringComparer.Ordinal), keys);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Equal(JsonSerializer.Serialize(structured), JsonSerializer.Serialize(JsonDocument.Parse(text).RootElement));
        Assert.DoesNotContain(_world.TheirGmail.Key, text, StringComparison.Ordinal);

        var listings = _world.Pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.VaultList).ToList();
        Assert.NotEmpty(listings);
        Assert.All(listings, r => Assert.Equal((TwoTenants.Me, "user"), (r.Query["identity"], r.Query["identityType"])));
        Assert.Empty(_world.Mentioning());
    }

    [Fact]
    public async Task Execute_action_with_the_other_tenants_key_is_an_error_result_and_reaches_nothing_of_theirs()
    {
        await using var client = await McpTool.ConnectAsync(_world.Environment(), _stderr);

        var result = await client.CallToolAsync("execute_action", new Dictionary<string, object?>
        {
            ["connection_key"] = _world.TheirGmail.Key,
            ["action_id"] = PicaEmulator.GmailGetMessageAction,
            ["path_variables"] = new Dictionary<string, object?> { ["userId"] = "me", ["messageId"] = "1" },
        });

        Assert.True(result.IsError);
        var error = Assert.IsType<JsonElement>(result.StructuredContent).GetProperty("error").GetString();
        Assert.Contains("Nothing was sent", error, StringComparison.Ordinal);
        Assert.Empty(_world.Mentioning());
        Assert.DoesNotContain(_world.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
    }

    [Fact]
    public async Task Execute_action_with_the_identitys_own_key_goes_through_with_that_key()
    {
        await using var client = await McpTool.ConnectAsync(_world.Environment(), _stderr);

        var result = await client.CallToolAsync("execute_action", new Dictionary<string, object?>
        {
            ["connection_key"] = _world.MyGmail.Key,
            ["action_id"] = PicaEmulator.GmailGetMessageAction,
            ["path_variables"] = new Dictionary<string, object?> { ["userId"] = "me", ["messageId"] = "m 42" },
        });

        Assert.NotEqual(true, result.IsError);
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        Assert.Equal(200, structured.GetProperty("status").GetInt32());
        var passthrough = Assert.Single(_world.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal((_world.MyGmail.Key, PicaEmulator.GmailGetMessageAction), (passthrough.ConnectionKey, passthrough.ActionId));
        Assert.Equal("GET", passthrough.Method);
        Assert.Empty(_world.Mentioning());
    }

    [Fact]
    public async Task Connectors_and_permissions_from_the_environment_scope_the_tools()
    {
        await using var client = await McpTool.ConnectAsync(
            _world.Environment(("AuthKit__Mcp__Tools__Connectors", "slack"), ("AuthKit__Mcp__Tools__Permissions", "write")),
            _stderr);

        var listed = await client.CallToolAsync("list_connections", new Dictionary<string, object?>());
        var gmail = await client.CallToolAsync("execute_action", new Dictionary<string, object?>
        {
            ["connection_key"] = _world.MyGmail.Key,
            ["action_id"] = PicaEmulator.GmailGetMessageAction,
            ["path_variables"] = new Dictionary<string, object?> { ["userId"] = "me", ["messageId"] = "1" },
        });
        var tools = await client.ListToolsAsync();

        var keys = Assert.IsType<JsonElement>(listed.StructuredContent).GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("key").GetString());
        Assert.Equal([_world.MySlack.Key], keys);
        Assert.True(gmail.IsError);
        Assert.DoesNotContain(_world.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        // Write: execute_action is no longer read-only, so a host asks before running it.
        Assert.False(tools.Single(t => t.Name == "execute_action").ProtocolTool.Annotations?.ReadOnlyHint);
    }

    [Fact]
    public async Task Knowledge_only_and_an_action_list_from_the_environment_leave_the_catalogue_tools_on_the_listed_actions()
    {
        await using var client = await McpTool.ConnectAsync(
            _world.Environment(("AuthKit__Mcp__Tools__KnowledgeOnly", "true"), ("AuthKit__Mcp__Tools__Actions", $"{PicaEmulator.GmailGetMessageAction},{PicaEmulator.SlackPostMessageAction}")),
            _stderr);

        var tools = await client.ListToolsAsync();
        var found = await client.CallToolAsync("search_actions", new Dictionary<string, object?> { ["platform"] = "gmail", ["query"] = "message" });

        Assert.Equal(["get_action_knowledge", "list_integrations", "search_actions"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        var ids = Assert.IsType<JsonElement>(found.StructuredContent).GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("id").GetString());
        Assert.Equal([PicaEmulator.GmailGetMessageAction], ids);
        Assert.DoesNotContain(_world.Pica.ReceivedRequests, r => r.Endpoint is PicaEndpoint.VaultList or PicaEndpoint.Passthrough);
    }

    [Fact]
    public async Task Settings_given_as_arguments_override_the_environment_as_a_hosts_args_list_sets_them()
    {
        var environment = _world.Environment();
        environment["AuthKit__Mcp__Identity"] = TwoTenants.Them;

        await using var client = await McpTool.ConnectAsync(environment, _stderr, $"--AuthKit:Mcp:Identity={TwoTenants.Me}", "--AuthKit:Mcp:Tools:Connectors=gmail");
        var result = await client.CallToolAsync("list_connections", new Dictionary<string, object?>());

        var keys = Assert.IsType<JsonElement>(result.StructuredContent).GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("key").GetString());
        Assert.Equal([_world.MyGmail.Key], keys);
        Assert.Empty(_world.Mentioning());
    }

    [Fact]
    public async Task On_One_the_tool_speaks_Ones_dialect()
    {
        using var one = new TwoTenants(AuthKitPlatform.One);
        await using var client = await McpTool.ConnectAsync(one.Environment(), _stderr);

        var result = await client.CallToolAsync("list_connections", new Dictionary<string, object?>());

        var keys = Assert.IsType<JsonElement>(result.StructuredContent).GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("key").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { one.MyGmail.Key, one.MySlack.Key }.Order(StringComparer.Ordinal), keys);
        // The emulator on One answers only One's secret header: every request carried it, with the key.
        Assert.NotEmpty(one.Pica.ReceivedRequests);
        Assert.All(one.Pica.ReceivedRequests, r => Assert.True(r.SecretKeyMatched, r.ToString()));
    }

    public void Dispose()
    {
        _world.Dispose();
        // Whatever it logged, on stderr only, never held the key.
        Assert.DoesNotContain(_stderr, line => line.Contains(_world.Pica.SecretKey, StringComparison.Ordinal));
    }
}
