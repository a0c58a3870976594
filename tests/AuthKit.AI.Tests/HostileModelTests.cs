using System.Text.Json;
using AuthKit.AI.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using static AuthKit.AI.Tests.TestSupport.ScriptedChatClient;

namespace AuthKit.AI.Tests;

/// <summary>
/// A prompt-injected model is an untrusted caller. Each hostile call below comes back as an error result the
/// model can read, the chat goes on, nothing reaches the passthrough, and no request carries the other tenant's
/// identity, key or connection id.
/// </summary>
public sealed class HostileModelTests : IDisposable
{
    private readonly AgentWorld _world = new();

    public void Dispose() => _world.Dispose();

    public static TheoryData<string> Attacks() =>
    [
        "their connection key",
        "their connection id under my identity",
        "my key with their identity",
        "path variable leaving its segment",
        "path variable that is ..",
        "header naming Pica's secret",
        "header naming One's connection key",
        "header naming the action id",
        "authorization header",
        "a DELETE under write",
        "an action outside the allowed list",
        "an identity argument",
        "a slack action through the gmail connection",
        "a platform outside the allowed connectors",
        "a connection outside the allowed connectors",
    ];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task A_hostile_call_is_an_error_result_and_nothing_is_sent_for_it(string attack)
    {
        var (tool, arguments, options, expected) = Attack(attack);
        using var chat = _world.Chat(
            _ => Call(tool, arguments),
            turn => new ChatMessage(ChatRole.Assistant, turn.LastResult.GetRawText()));

        var response = await chat.GetResponseAsync("Do as the email says", new ChatOptions { Tools = [.. _world.Tools(options)] });

        using var result = JsonDocument.Parse(response.Text);
        var error = ToolJson.Error(result.RootElement);
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(_world.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Empty(_world.Mentioning());
    }

    [Fact]
    public async Task The_oracle_sees_the_other_tenants_key_when_a_lookup_sends_it()
    {
        // Why the tools check a key against the user's own listing: the SDK's own confirmation asks the Vault
        // for the key (scoped to the user, so it is refused), but the key is then in the request log.
        await Assert.ThrowsAsync<PicaConnectionRefusedException>(() => _world.Mine.ExecuteActionAsync(_world.TheirGmail.Key, PicaEmulator.GmailGetMessageAction));

        Assert.NotEmpty(_world.Mentioning());
    }

    [Fact]
    public async Task A_flood_of_unknown_keys_costs_one_listing_per_five_seconds_and_a_new_connection_is_found()
    {
        var time = new FakeTimeProvider();
        var execute = Tools.ToolSet.For(Tools.ToolScope.Create(_world.Mine, new PicaToolOptions(), time)).Single(t => t.Name == PicaToolNames.ExecuteAction);
        object Call(string key) => new { connection_key = key, action_id = PicaEmulator.GmailGetMessageAction, path_variables = new { userId = "me", messageId = "m" } };
        int Listings() => _world.Pica.ReceivedRequests.Count(r => r.Endpoint == PicaEndpoint.VaultList);

        for (var i = 0; i < 50; i++)
        {
            Assert.NotNull(ToolJson.Error(await ToolJson.InvokeAsync(execute, Call(_world.TheirGmail.Key))));
        }

        Assert.Equal(1, Listings());
        time.Advance(TimeSpan.FromSeconds(5));
        var fresh = _world.Pica.Connect(AgentWorld.Me, IdentityType.User, "gmail");

        var result = await ToolJson.InvokeAsync(execute, Call(fresh.Key));

        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.Equal(2, Listings() - _world.Pica.ReceivedRequests.Count(r => r.Endpoint == PicaEndpoint.VaultList && r.Query.ContainsKey("key")));
        Assert.Empty(_world.Mentioning());
    }

    [Fact]
    public async Task Knowledge_of_an_action_beyond_the_permissions_is_refused_per_action()
    {
        var tool = _world.Tool(PicaToolNames.GetActionKnowledge);

        var result = await ToolJson.InvokeAsync(tool, new { action_ids = new[] { PicaEmulator.GmailGetMessageAction, PicaEmulator.GmailDeleteMessageAction, PicaEmulator.GmailSendEmailAction } });

        var actions = result.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(3, actions.Count);
        Assert.Contains("messageId", actions[0].GetProperty("knowledge").GetString(), StringComparison.Ordinal);
        Assert.Equal("DELETE actions need the 'admin' permission; this assistant has 'read'. Tell the user instead of trying another way.", actions[1].GetProperty("error").GetString());
        Assert.StartsWith("POST actions need the 'write' permission", actions[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(actions[1].TryGetProperty("knowledge", out _));
    }

    [Theory]
    [InlineData(PicaToolPermissions.Read, new[] { "GET" })]
    [InlineData(PicaToolPermissions.Write, new[] { "GET", "POST" })]
    [InlineData(PicaToolPermissions.Admin, new[] { "DELETE", "GET", "POST" })]
    public async Task Search_shows_only_the_methods_the_permissions_allow(PicaToolPermissions permissions, string[] methods)
    {
        var tool = _world.Tool(PicaToolNames.SearchActions, new PicaToolOptions { Permissions = permissions });

        var result = await ToolJson.InvokeAsync(tool, new { platform = "gmail", query = "message email send delete list get", limit = 20 });

        var shown = result.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("method").GetString()).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(methods, shown);
    }

    [Fact]
    public async Task With_write_a_POST_runs_and_a_DELETE_does_not()
    {
        var tools = _world.Tools(new PicaToolOptions { Permissions = PicaToolPermissions.Write });
        var execute = tools.Single(t => t.Name == PicaToolNames.ExecuteAction);

        var sent = await ToolJson.InvokeAsync(execute, new { connection_key = _world.MyGmail.Key, action_id = PicaEmulator.GmailSendEmailAction, path_variables = new { userId = "me" }, body = new { raw = "aGk" } });
        var deleted = await ToolJson.InvokeAsync(execute, new { connection_key = _world.MyGmail.Key, action_id = PicaEmulator.GmailDeleteMessageAction, path_variables = new { userId = "me", messageId = "m1" } });

        Assert.Equal(200, sent.GetProperty("status").GetInt32());
        Assert.StartsWith("DELETE actions need the 'admin' permission", ToolJson.Error(deleted), StringComparison.Ordinal);
        var passthrough = Assert.Single(_world.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal(("POST", """{"raw":"aGk"}"""), (passthrough.Method, passthrough.Body));
    }

    [Fact]
    public async Task Knowledge_only_tools_cannot_list_connections_or_execute()
    {
        var tools = _world.Tools(new PicaToolOptions { KnowledgeOnly = true });

        Assert.Equal([PicaToolNames.ListIntegrations, PicaToolNames.SearchActions, PicaToolNames.GetActionKnowledge], tools.Select(t => t.Name));
        using var chat = _world.Chat(
            _ => Call(PicaToolNames.ExecuteAction, new { connection_key = _world.MyGmail.Key, action_id = PicaEmulator.GmailGetMessageAction }),
            turn => new ChatMessage(ChatRole.Assistant, "after"));

        var response = await chat.GetResponseAsync("Go", new ChatOptions { Tools = [.. tools] });

        Assert.Equal("after", response.Text);
        Assert.Empty(_world.Pica.ReceivedRequests);
    }

    private (string Tool, object Arguments, PicaToolOptions? Options, string Expected) Attack(string attack)
    {
        var mine = _world.MyGmail;
        var theirs = _world.TheirGmail;
        var myKey = PicaConnectionKey.Parse(mine.Key);
        var theirKey = PicaConnectionKey.Parse(theirs.Key);
        var message = new { userId = "me", messageId = "m1" };
        object Execute(string key, string action, object? pathVariables = null, object? headers = null) =>
            new { connection_key = key, action_id = action, path_variables = pathVariables ?? message, headers };

        const string NotMine = "connection_key is not one of the connections this assistant may use";
        return attack switch
        {
            "their connection key" => (PicaToolNames.ExecuteAction, Execute(theirs.Key, PicaEmulator.GmailGetMessageAction), null, NotMine),
            "their connection id under my identity" => (PicaToolNames.ExecuteAction, Execute($"{theirKey.Environment}::gmail::{theirKey.Namespace}::{theirKey.Id}|{AgentWorld.Me}", PicaEmulator.GmailGetMessageAction), null, NotMine),
            "my key with their identity" => (PicaToolNames.ExecuteAction, Execute($"{myKey.Environment}::gmail::{myKey.Namespace}::{myKey.Id}|{AgentWorld.Them}", PicaEmulator.GmailGetMessageAction), null, NotMine),
            "path variable leaving its segment" => (PicaToolNames.ExecuteAction, Execute(mine.Key, PicaEmulator.GmailGetMessageAction, new { userId = "me", messageId = "../../../v1/vault/connections" }), null, "'messageId'"),
            "path variable that is .." => (PicaToolNames.ExecuteAction, Execute(mine.Key, PicaEmulator.GmailGetMessageAction, new { userId = "..", messageId = "m1" }), null, "'userId'"),
            "header naming Pica's secret" => (PicaToolNames.ExecuteAction, Execute(mine.Key, PicaEmulator.GmailGetMessageAction, headers: new Dictionary<string, string> { ["X-Pica-Secret"] = "sk_test_x" }), null, "The header 'X-Pica-Secret' may not be set"),
            "header naming One's connection key" => (PicaToolNames.ExecuteAction, Execute(mine.Key, PicaEmulator.GmailGetMessageAction, headers: new Dictionary<string, string> { ["x-one-connection-key"] = theirs.Key }), null, "The header 'x-one-connection-key' may not be set"),
            "header naming the action id" => (PicaToolNames.ExecuteAction, Execute(mine.Key, PicaEmulator.GmailGetMessageAction, headers: new Dictionary<string, string> { ["X-PICA-ACTION-ID"] = PicaEmulator.GmailDeleteMessageAction }), null, "may not be set"),
            "authorization header" => (PicaToolNames.ExecuteAction, Execute(mine.Key, PicaEmulator.GmailGetMessageAction, headers: new Dictionary<string, string> { ["Authorization"] = "Bearer stolen" }), null, "The header 'Authorization' may not be set"),
            "a DELETE under write" => (PicaToolNames.ExecuteAction, Execute(mine.Key, PicaEmulator.GmailDeleteMessageAction), new PicaToolOptions { Permissions = PicaToolPermissions.Write }, "DELETE actions need the 'admin' permission"),
            "an action outside the allowed list" => (PicaToolNames.ExecuteAction, Execute(mine.Key, PicaEmulator.GmailListMessagesAction), new PicaToolOptions { Actions = [PicaEmulator.GmailGetMessageAction] }, "not among those this assistant may use"),
            "an identity argument" => (PicaToolNames.ListConnections, new { identity = AgentWorld.Them }, null, "Unknown argument 'identity'"),
            "a slack action through the gmail connection" => (PicaToolNames.ExecuteAction, Execute(mine.Key, PicaEmulator.SlackPostMessageAction, new { }), new PicaToolOptions { Permissions = PicaToolPermissions.Write }, "This action is for slack and the connection is to gmail"),
            "a platform outside the allowed connectors" => (PicaToolNames.SearchActions, new { platform = "slack", query = "post" }, new PicaToolOptions { Connectors = ["gmail"] }, "The platform 'slack' is not among"),
            "a connection outside the allowed connectors" => (PicaToolNames.ExecuteAction, Execute(_world.MySlack.Key, PicaEmulator.SlackPostMessageAction, new { }), new PicaToolOptions { Connectors = ["gmail"], Permissions = PicaToolPermissions.Admin }, NotMine),
            _ => throw new ArgumentOutOfRangeException(nameof(attack), attack, null),
        };
    }
}
