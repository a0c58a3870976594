using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.Tools;

/// <summary><c>list_connections</c>: the identity's connections the tools may use, always read afresh.</summary>
internal sealed class ListConnectionsTool(ToolScope scope) : PicaTool(scope, PicaToolNames.ListConnections, Describe, Parsed.Schema, Parsed.ReturnSchema)
{
    private static readonly string[] Arguments = [];

    private const string Describe =
        "Lists the integrations the user has connected (Gmail, Slack, …) that you may use. Each has a platform and a key. " +
        "Pass the key to execute_action exactly as given, character for character. Call this before executing an action; " +
        "if the platform you need is missing, call prompt_to_connect.";

    private const string Schema = """{"type":"object","properties":{},"additionalProperties":false}""";

    private const string ReturnSchema = """
        {"type":"object","properties":{
          "connections":{"type":"array","items":{"type":"object","properties":{
            "key":{"type":"string","description":"The connection key: pass it to execute_action verbatim."},
            "platform":{"type":"string"},"name":{"type":"string"},"active":{"type":"boolean"},
            "tags":{"type":"array","items":{"type":"string"}}},"required":["key","platform","active"]}},
          "truncated":{"type":"boolean"},"error":{"type":"string"}}}
        """;
    // Parsed once per process: tools are made per user and per chat.
    private static readonly (JsonElement Schema, JsonElement ReturnSchema) Parsed = (ToolSchema.Parse(Schema), ToolSchema.Parse(ReturnSchema));


    protected override IReadOnlyCollection<string> ArgumentNames => Arguments;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var connections = new JsonArray();
        foreach (var connection in await Scope.OwnedAsync(fresh: true, cancellationToken).ConfigureAwait(false))
        {
            var item = new JsonObject { ["key"] = connection.Key, ["platform"] = Text.Clean(connection.Platform, 100) };
            if (!string.IsNullOrEmpty(connection.Name))
            {
                item["name"] = Text.Clean(connection.Name, 200);
            }

            item["active"] = connection.Active;
            if (connection.Tags.Count > 0)
            {
                item["tags"] = new JsonArray([.. connection.Tags.Take(20).Select(tag => (JsonNode)Text.Clean(tag, 100))]);
            }

            connections.Add((JsonNode)item);
        }

        return ToolResult.Of(new JsonObject { ["connections"] = connections }, "connections");
    }
}
