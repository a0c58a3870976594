using System.Text.Json;
using AuthKit.AI.Tests.TestSupport;
using AuthKit.Testing;

namespace AuthKit.AI.Tests;

/// <summary>What a model and an MCP client read before calling: names, descriptions, schemas; and options checked when the tools are made.</summary>
public sealed class ToolContractTests : IDisposable
{
    private readonly AgentWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void The_six_tools_have_descriptions_and_closed_object_schemas_whose_required_arguments_exist()
    {
        var tools = _world.Tools();

        Assert.Equal(
            [PicaToolNames.ListConnections, PicaToolNames.ListIntegrations, PicaToolNames.SearchActions, PicaToolNames.GetActionKnowledge, PicaToolNames.ExecuteAction, PicaToolNames.PromptToConnect],
            tools.Select(t => t.Name));
        Assert.All(tools, tool =>
        {
            Assert.True(tool.Description.Length > 80, tool.Name);
            var schema = tool.JsonSchema;
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
            if (schema.TryGetProperty("required", out var required))
            {
                Assert.All(required.EnumerateArray(), r => Assert.Contains(r.GetString()!, properties));
            }

            var returns = tool.ReturnJsonSchema!.Value;
            Assert.Equal("object", returns.GetProperty("type").GetString());
            Assert.Equal("string", returns.GetProperty("properties").GetProperty("error").GetProperty("type").GetString());
        });
        Assert.Equal(["connection_key", "action_id"], tools.Single(t => t.Name == PicaToolNames.ExecuteAction).JsonSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Making_the_tools_sends_nothing()
    {
        _ = _world.Tools(new PicaToolOptions { Permissions = PicaToolPermissions.Admin });

        Assert.Empty(_world.Pica.ReceivedRequests);
    }

    [Theory]
    [InlineData("connectors", "PicaToolOptions.Connectors[1] is neither a platform name")]
    [InlineData("actions", "PicaToolOptions.Actions[0] is invalid")]
    [InlineData("bound", "PicaToolOptions.MaxResultLength is 100")]
    [InlineData("permissions", "PicaToolOptions.Permissions is 7")]
    public void Invalid_options_are_refused_when_the_tools_are_made_naming_the_option(string which, string expected)
    {
        var options = which switch
        {
            "connectors" => new PicaToolOptions { Connectors = ["gmail", "gm ail"] },
            "actions" => new PicaToolOptions { Actions = ["conn_mod_def::a b"] },
            "bound" => new PicaToolOptions { MaxResultLength = 100 },
            _ => new PicaToolOptions { Permissions = (PicaToolPermissions)7 },
        };

        var refused = Assert.Throws<ArgumentException>(() => _world.Tools(options));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connectors_by_platform_or_by_key_limit_what_the_model_sees()
    {
        var second = _world.Pica.Connect(AgentWorld.Me, IdentityType.User, "gmail");

        var byPlatform = await ToolJson.InvokeAsync(_world.Tool(PicaToolNames.ListConnections, new PicaToolOptions { Connectors = ["slack"] }));
        var byKey = await ToolJson.InvokeAsync(_world.Tool(PicaToolNames.ListConnections, new PicaToolOptions { Connectors = [second.Key] }));
        var integrations = await ToolJson.InvokeAsync(_world.Tool(PicaToolNames.ListIntegrations, new PicaToolOptions { Connectors = [second.Key, "slack"] }));

        Assert.Equal([_world.MySlack.Key], Keys(byPlatform));
        Assert.Equal([second.Key], Keys(byKey));
        Assert.Equal(["gmail", "slack"], integrations.GetProperty("integrations").EnumerateArray().Select(i => i.GetProperty("platform").GetString()));
    }

    [Fact]
    public async Task Prompt_to_connect_names_the_platform_for_the_app_and_knows_what_is_connected()
    {
        var tool = _world.Tool(PicaToolNames.PromptToConnect);

        var calendar = await ToolJson.InvokeAsync(tool, new { platform = "google-calendar" });
        var gmail = await ToolJson.InvokeAsync(tool, new { platform = "gmail" });
        var unknown = await ToolJson.InvokeAsync(tool, new { platform = "myspace" });

        Assert.Equal(("google-calendar", "Google Calendar", false), (calendar.GetProperty("platform").GetString(), calendar.GetProperty("name").GetString(), calendar.GetProperty("already_connected").GetBoolean()));
        Assert.True(gmail.GetProperty("already_connected").GetBoolean());
        Assert.StartsWith("There is no integration named 'myspace'", ToolJson.Error(unknown), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integrations_can_be_limited_to_those_enabled_for_AuthKit_and_searched()
    {
        var all = await ToolJson.InvokeAsync(_world.Tool(PicaToolNames.ListIntegrations));
        var authKit = await ToolJson.InvokeAsync(_world.Tool(PicaToolNames.ListIntegrations, new PicaToolOptions { AuthKitIntegrationsOnly = true }));
        var searched = await ToolJson.InvokeAsync(_world.Tool(PicaToolNames.ListIntegrations), new { search = "google" });

        Assert.Equal(6, all.GetProperty("integrations").GetArrayLength());
        Assert.Equal(["gmail", "google-calendar", "slack"], Platforms(authKit));
        Assert.Equal(["google-calendar"], Platforms(searched));
        Assert.Equal("true", _world.Pica.ReceivedRequests.Single(r => r.Endpoint == PicaEndpoint.ConnectorList && r.Query.ContainsKey("authkit")).Query["authkit"]);
    }

    [Theory]
    [InlineData("""{"platform":"gmail"}""", "'query' is required.")]
    [InlineData("""{"platform":"gmail","query":"x","limit":50}""", "'limit' must be between 1 and 20.")]
    [InlineData("""{"platform":"gmail","query":"x","limit":"5"}""", "'limit' must be a whole number.")]
    [InlineData("""{"platform":"../vault","query":"x"}""", "'platform' must be a platform name")]
    [InlineData("""{"platform":["gmail"],"query":"x"}""", "'platform' must be a string.")]
    public async Task Malformed_arguments_are_named_in_the_error_and_nothing_is_sent(string arguments, string expected)
    {
        var result = await ToolJson.InvokeAsync(_world.Tool(PicaToolNames.SearchActions), JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments));

        Assert.StartsWith(expected, ToolJson.Error(result), StringComparison.Ordinal);
        Assert.Empty(_world.Pica.ReceivedRequests);
    }

    private static IEnumerable<string?> Keys(JsonElement result) => result.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("key").GetString());

    private static IEnumerable<string?> Platforms(JsonElement result) => result.GetProperty("integrations").EnumerateArray().Select(c => c.GetProperty("platform").GetString());
}
