using System.Text.Json;
using AuthKit.AI.Tests.TestSupport;
using AuthKit.Testing;

namespace AuthKit.AI.Tests;

/// <summary>A model's context is small: every result fits the bound, stays valid JSON, and says when it was cut.</summary>
public sealed class ToolResultBoundsTests : IDisposable
{
    private const int Bound = 2048;
    private static readonly object Message = new { userId = "me", messageId = "m1" };

    private readonly AgentWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task A_long_list_of_connections_is_cut_at_a_whole_connection_and_marked()
    {
        _world.Pica.SeedVaultConnections(AgentWorld.Me, IdentityType.User, 400, seed: 27);

        var result = await ToolJson.InvokeAsync(_world.Tool(PicaToolNames.ListConnections, new PicaToolOptions { MaxResultLength = Bound }));

        Assert.InRange(result.GetRawText().Length, 1, Bound);
        Assert.True(result.GetProperty("truncated").GetBoolean());
        var keys = result.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("key").GetString()).ToList();
        Assert.InRange(keys.Count, 5, 399);
        Assert.All(keys, k => Assert.True(PicaConnectionKey.TryParse(k, out _), k));
    }

    [Fact]
    public async Task A_short_result_is_whole_and_not_marked()
    {
        var result = await ToolJson.InvokeAsync(_world.Tool(PicaToolNames.ListConnections, new PicaToolOptions { MaxResultLength = Bound }));

        Assert.False(result.TryGetProperty("truncated", out _));
        var keys = result.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { _world.MyGmail.Key, _world.MySlack.Key }.Order(StringComparer.Ordinal), keys);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public async Task A_large_answer_is_cut_to_the_bound_as_text_and_marked(string kind)
    {
        var big = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i} \"quoted\" é\n"));
        _world.Pica.OnPassthrough(PicaEmulator.GmailGetMessageAction, kind == "json"
            ? PicaPassthroughAnswer.Json(JsonSerializer.Serialize(new { text = big }))
            : PicaPassthroughAnswer.Text(big));

        var result = await ToolJson.InvokeAsync(
            _world.Tool(PicaToolNames.ExecuteAction, new PicaToolOptions { MaxResultLength = Bound }),
            new { connection_key = _world.MyGmail.Key, action_id = PicaEmulator.GmailGetMessageAction, path_variables = Message });

        Assert.InRange(result.GetRawText().Length, Bound - 200, Bound);
        Assert.True(result.GetProperty("truncated").GetBoolean());
        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.StartsWith(kind == "json" ? "{\"text\":\"line 0" : "line 0 \"quoted\" é", result.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_answer_is_named_not_shown()
    {
        _world.Pica.OnPassthrough(PicaEmulator.GmailGetMessageAction, PicaPassthroughAnswer.Bytes(new byte[50_000], "image/png"));

        var result = await ToolJson.InvokeAsync(
            _world.Tool(PicaToolNames.ExecuteAction),
            new { connection_key = _world.MyGmail.Key, action_id = PicaEmulator.GmailGetMessageAction, path_variables = Message });

        Assert.Equal("[image/png content, not shown]", result.GetProperty("body").GetString());
    }
}
