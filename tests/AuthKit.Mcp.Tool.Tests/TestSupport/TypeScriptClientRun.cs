using System.Text.Json.Nodes;
using AuthKit.Testing;

namespace AuthKit.Mcp.Tool.Tests.TestSupport;

/// <summary>
/// What the TypeScript SDK's client saw when it called every tool once for user_1, over either transport: the
/// same calls, the same checks (the SDK's own validation of each result against its tool's outputSchema passed;
/// <c>structuredContent</c> is the JSON of the text content; only user_1's connections came back; the secret key nowhere).
/// </summary>
internal static class TypeScriptClientRun
{
    public static readonly string[] AllTools =
        ["execute_action", "get_action_knowledge", "list_connections", "list_integrations", "prompt_to_connect", "search_actions"];

    /// <summary>Each tool once, execute_action twice: with user_1's gmail key, then with user_2's.</summary>
    public static NodeMcpClient.Call[] EveryTool(TwoTenants world) =>
    [
        new("list_connections", new { }),
        new("list_integrations", new { search = "mail" }),
        new("search_actions", new { platform = "gmail", query = "get message" }),
        new("get_action_knowledge", new { action_ids = new[] { PicaEmulator.GmailGetMessageAction } }),
        new("prompt_to_connect", new { platform = "notion" }),
        new("execute_action", new { connection_key = world.MyGmail.Key, action_id = PicaEmulator.GmailGetMessageAction, path_variables = new { userId = "me", messageId = "m 42" } }),
        new("execute_action", new { connection_key = world.TheirGmail.Key, action_id = PicaEmulator.GmailGetMessageAction, path_variables = new { userId = "me", messageId = "1" } }),
    ];

    public static void AssertSawUser1(JsonObject seen, TwoTenants world)
    {
        Assert.True(seen["error"] is null, $"the TypeScript client failed: {seen["error"]}\nstderr:\n{seen["stderr"]}");
        var tools = seen["tools"]!.AsArray();
        Assert.Equal(AllTools, tools.Select(t => (string)t!["name"]!).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.Equal("object", (string?)t!["inputSchema"]!["type"]));
        Assert.All(tools, t => Assert.Equal("object", (string?)t!["outputSchema"]?["type"]));

        var calls = seen["calls"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(EveryTool(world).Select(c => c.Name), calls.Select(c => (string)c["name"]!));
        foreach (var call in calls)
        {
            // The SDK throws (and client.mjs records "error") when a result does not match its outputSchema.
            Assert.True(call["error"] is null, $"{call["name"]}: {call["error"]}");
            var result = call["result"]!;
            var text = (string)result["content"]!.AsArray().Single()!["text"]!;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), result["structuredContent"]), $"{call["name"]}: structuredContent is not the text's JSON");
        }

        var isError = calls.Select(c => (bool?)c["result"]!["isError"] ?? false).ToList();
        Assert.Equal([false, false, false, false, false, false, true], isError);

        var connections = calls[0]["result"]!["structuredContent"]!["connections"]!.AsArray().Select(c => (string)c!["key"]!).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { world.MyGmail.Key, world.MySlack.Key }.Order(StringComparer.Ordinal), connections);
        Assert.Equal(200, (int)calls[5]["result"]!["structuredContent"]!["status"]!);
        Assert.Contains("Nothing was sent", (string)calls[6]["result"]!["structuredContent"]!["error"]!, StringComparison.Ordinal);

        Assert.DoesNotContain(world.Pica.SecretKey, seen.ToJsonString(), StringComparison.Ordinal);
        var passthrough = Assert.Single(world.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal(world.MyGmail.Key, passthrough.ConnectionKey);
        Assert.Empty(world.Mentioning());
    }
}
