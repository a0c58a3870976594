using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.Tools;

/// <summary><c>get_action_knowledge</c>: what actions do and how to fill them, from the catalogue's cache.</summary>
internal sealed class GetActionKnowledgeTool(ToolScope scope) : PicaTool(scope, PicaToolNames.GetActionKnowledge, Describe, Parsed.Schema, Parsed.ReturnSchema)
{
    private const int MaxIds = 5;

    private static readonly string[] Arguments = ["action_ids"];

    private const string Describe =
        "Reads the documentation of up to 5 actions by id (from search_actions): what each does, its method and path, " +
        "its path variables ({{name}} in the path), query parameters, headers and body. Read it before execute_action.";

    private const string Schema = """
        {"type":"object","properties":{
          "action_ids":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":5,
            "description":"Action ids exactly as search_actions returned them."}},
         "required":["action_ids"],"additionalProperties":false}
        """;

    private const string ReturnSchema = """
        {"type":"object","properties":{
          "actions":{"type":"array","items":{"type":"object","properties":{
            "id":{"type":"string"},"title":{"type":"string"},"platform":{"type":"string"},
            "method":{"type":"string"},"path":{"type":"string"},"knowledge":{"type":"string"},
            "knowledge_truncated":{"type":"boolean"},"error":{"type":"string"}},"required":["id"]}},
          "truncated":{"type":"boolean"},"error":{"type":"string"}}}
        """;
    // Parsed once per process: tools are made per user and per chat.
    private static readonly (JsonElement Schema, JsonElement ReturnSchema) Parsed = (ToolSchema.Parse(Schema), ToolSchema.Parse(ReturnSchema));


    protected override IReadOnlyCollection<string> ArgumentNames => Arguments;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var ids = arguments.StringList("action_ids", MaxIds);

        // Each action gets an equal share of the result, so the last one is not the one cut away.
        var share = Math.Max(256, (Scope.MaxResultLength - 512) / ids.Count - 300);
        var actions = new JsonArray();
        foreach (var given in ids.Distinct(StringComparer.Ordinal))
        {
            actions.Add((JsonNode)await DescribeAsync(given, share, cancellationToken).ConfigureAwait(false));
        }

        return ToolResult.Of(new JsonObject { ["actions"] = actions }, "actions");
    }

    private async Task<JsonObject> DescribeAsync(string given, int share, CancellationToken cancellationToken)
    {
        if (ActionIds.Problem(given) is { } problem)
        {
            return Refused(Text.Clean(given, 100), $"This is not an action id: {problem}.");
        }

        var id = ActionIds.Normalize(given);
        if (!Scope.AllowsAction(id))
        {
            return Refused(id, "This action is not among those this assistant may use.");
        }

        var knowledge = await Scope.Catalog.GetActionAsync(id, cancellationToken).ConfigureAwait(false);
        if (knowledge is null)
        {
            return Refused(id, "The platform has no action with this id; search again with search_actions.");
        }

        if (knowledge.ConnectionPlatform is { Length: > 0 } platform && !Scope.AllowsPlatform(platform))
        {
            return Refused(id, "This action's platform is not among the integrations this assistant may use.");
        }

        if (!Scope.AllowsMethod(knowledge.Method))
        {
            return Refused(id, ToolScope.MethodRefusal(knowledge.Method, Scope));
        }

        var item = new JsonObject
        {
            ["id"] = id,
            ["title"] = Text.Clean(knowledge.Title, 200),
            ["platform"] = Text.Clean(knowledge.ConnectionPlatform, 100),
            ["method"] = Text.Clean(knowledge.Method, 10).ToUpperInvariant(),
            ["path"] = Text.Clean(knowledge.Path, 500),
        };
        var text = knowledge.Knowledge ?? string.Empty;
        item["knowledge"] = Text.Cut(text, share);
        if (text.Length > share)
        {
            item["knowledge_truncated"] = true;
        }

        return item;
    }

    private static JsonObject Refused(string id, string error) => new() { ["id"] = id, ["error"] = error };
}
