using System.Text.Json;
using AuthKit.AI.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.Extensions.AI;
using static AuthKit.AI.Tests.TestSupport.ScriptedChatClient;

namespace AuthKit.AI.Tests;

/// <summary>
/// The tools in a real chat loop (<see cref="FunctionInvokingChatClient"/>) driven by a scripted model that
/// chains each call on the previous result, as a model does: list, search, read, execute.
/// </summary>
public sealed class ChatLoopTests : IDisposable
{
    private readonly AgentWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData(AuthKitPlatform.Pica)]
    [InlineData(AuthKitPlatform.One)]
    public async Task A_model_lists_searches_reads_and_executes_and_every_request_is_the_users(AuthKitPlatform platform)
    {
        using var world = new AgentWorld(platform);
        string? gmailKey = null, actionId = null;
        using var chat = world.Chat(
            _ => Call(PicaToolNames.ListConnections),
            turn =>
            {
                gmailKey = turn.LastResult.GetProperty("connections").EnumerateArray()
                    .Single(c => c.GetProperty("platform").GetString() == "gmail").GetProperty("key").GetString();
                return Call(PicaToolNames.SearchActions, new { platform = "gmail", query = "get message" });
            },
            turn =>
            {
                actionId = turn.LastResult.GetProperty("actions")[0].GetProperty("id").GetString();
                return Call(PicaToolNames.GetActionKnowledge, new { action_ids = new[] { actionId } });
            },
            turn =>
            {
                Assert.Contains("messageId", turn.LastResult.GetProperty("actions")[0].GetProperty("knowledge").GetString(), StringComparison.Ordinal);
                return Call(PicaToolNames.ExecuteAction, new
                {
                    connection_key = gmailKey,
                    action_id = actionId,
                    path_variables = new { userId = "me", messageId = "m 42" },
                });
            },
            turn => new ChatMessage(ChatRole.Assistant, $"Read it: {turn.LastResult.GetProperty("status").GetInt32()}"));

        var response = await chat.GetResponseAsync("What does my latest email say?", new ChatOptions { Tools = [.. world.Tools()] });

        Assert.Equal("Read it: 200", response.Text);
        Assert.Equal((world.MyGmail.Key, PicaEmulator.GmailGetMessageAction), (gmailKey, actionId));
        var executed = ToolJson.Of(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Last().Result);
        Assert.True(executed.GetProperty("ok").GetBoolean());
        Assert.Equal("gmail/v1/users/me/messages/m%2042", executed.GetProperty("body").GetProperty("path").GetString());

        var requests = world.Pica.ReceivedRequests;
        Assert.Equal(
            [PicaEndpoint.VaultList, PicaEndpoint.ActionSearch, PicaEndpoint.Knowledge, PicaEndpoint.VaultList, PicaEndpoint.Passthrough],
            requests.Select(r => r.Endpoint));
        Assert.All(requests.Where(r => r.Endpoint == PicaEndpoint.VaultList), r =>
            Assert.Equal((AgentWorld.Me, "user"), (r.Query["identity"], r.Query["identityType"])));
        var passthrough = Assert.Single(requests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal((world.MyGmail.Key, PicaEmulator.GmailGetMessageAction), (passthrough.ConnectionKey, passthrough.ActionId));
        Assert.Empty(world.Mentioning());
    }

    [Fact]
    public async Task A_platform_failure_is_a_result_the_model_reads_and_the_chat_goes_on()
    {
        _world.Pica.FailVault(PicaFault.InternalServerError(), times: 20);
        using var chat = _world.Chat(
            _ => Call(PicaToolNames.ListConnections),
            turn => new ChatMessage(ChatRole.Assistant, ToolJson.Error(turn.LastResult) ?? "no error"));

        var response = await chat.GetResponseAsync("What have I connected?", new ChatOptions { Tools = [.. _world.Tools()] });

        Assert.Equal("The platform failed (500); try again later.", response.Text);
    }

    [Fact]
    public async Task An_integrations_failure_comes_back_as_its_status_and_body_not_as_an_error()
    {
        _world.Pica.FailPassthrough(PicaFault.InternalServerError(), times: 5);
        using var chat = _world.Chat(
            _ => Call(PicaToolNames.ExecuteAction, new
            {
                connection_key = _world.MyGmail.Key,
                action_id = PicaEmulator.GmailSendEmailAction,
                path_variables = new { userId = "me" },
                body = new { raw = "aGk" },
            }),
            turn => new ChatMessage(ChatRole.Assistant, turn.LastResult.GetRawText()));

        var response = await chat.GetResponseAsync("Send it", new ChatOptions { Tools = [.. _world.Tools(new PicaToolOptions { Permissions = PicaToolPermissions.Write })] });

        using var result = JsonDocument.Parse(response.Text);
        Assert.Equal((500, false), (result.RootElement.GetProperty("status").GetInt32(), result.RootElement.GetProperty("ok").GetBoolean()));
        Assert.DoesNotContain(_world.Pica.SecretKey, response.Text, StringComparison.Ordinal);
        Assert.Single(_world.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
    }

    [Fact]
    public async Task Every_result_of_a_whole_conversation_is_free_of_the_secret_key()
    {
        using var chat = _world.Chat(
            _ => Call(PicaToolNames.ListConnections),
            _ => Call(PicaToolNames.ListIntegrations),
            _ => Call(PicaToolNames.SearchActions, new { platform = "gmail", query = "message" }),
            _ => Call(PicaToolNames.GetActionKnowledge, new { action_ids = new[] { PicaEmulator.GmailGetMessageAction, PicaEmulator.GmailListMessagesAction } }),
            _ => Call(PicaToolNames.ExecuteAction, new { connection_key = _world.MyGmail.Key, action_id = PicaEmulator.GmailListMessagesAction, path_variables = new { userId = "me" }, query = new { q = "is:unread", maxResults = 5 } }),
            _ => Call(PicaToolNames.PromptToConnect, new { platform = "google-calendar" }));

        var response = await chat.GetResponseAsync("Go", new ChatOptions { Tools = [.. _world.Tools()] });

        var results = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => ToolJson.Of(r.Result).GetRawText()).ToList();
        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.DoesNotContain("\"error\"", r, StringComparison.Ordinal));
        Assert.All(results, r => Assert.DoesNotContain(_world.Pica.SecretKey, r, StringComparison.Ordinal));
        Assert.Contains("\"query\":\"q=is%3Aunread\\u0026maxResults=5\"", results[4], StringComparison.Ordinal);
    }
}
