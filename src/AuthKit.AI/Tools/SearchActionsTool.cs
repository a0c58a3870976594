using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.Tools;

/// <summary><c>search_actions</c>: one platform's actions for a query, only those the options allow.</summary>
internal sealed class SearchActionsTool(ToolScope scope) : PicaTool(scope, PicaToolNames.SearchActions, Describe, Parsed.Schema, Parsed.ReturnSchema)
{
    private static readonly string[] Arguments = ["platform", "query", "limit"];

    private const string Describe =
        "Searches the actions (API operations) available on one platform, e.g. 'send an email' on gmail. " +
        "Returns each action's id, title, HTTP method and path. Only the actions you are allowed to use are returned. " +
        "Next, read an action's knowledge with get_action_knowledge before executing it.";

    private const string Schema = """
        {"type":"object","properties":{
          "platform":{"type":"string","description":"The exact platform name, e.g. gmail or google-sheets (see list_connections or list_integrations)."},
          "query":{"type":"string","description":"What you want to do, in a few words, e.g. 'list unread messages'."},
          "limit":{"type":"integer","minimum":1,"maximum":20,"description":"How many actions to return; 5 unless set."}},
         "required":["platform","query"],"additionalProperties":false}
        """;

    private const string ReturnSchema = """
        {"type":"object","properties":{
          "platform":{"type":"string"},
          "actions":{"type":"array","items":{"type":"object","properties":{
            "id":{"type":"string","description":"The action id: pass it verbatim to get_action_knowledge and execute_action."},
            "title":{"type":"string"},"method":{"type":"string"},"path":{"type":"string"}},"required":["id"]}},
          "truncated":{"type":"boolean"},"error":{"type":"string"}}}
        """;
    // Parsed once per process: tools are made per user and per chat.
    private static readonly (JsonElement Schema, JsonElement ReturnSchema) Parsed = (ToolSchema.Parse(Schema), ToolSchema.Parse(ReturnSchema));


    protected override IReadOnlyCollection<string> ArgumentNames => Arguments;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var platform = Platforms.Checked(arguments, Scope);
        var query = arguments.String("query", required: true, maxLength: 500)!;
        var limit = arguments.Int("limit", 1, 20) ?? 5;

        // Filters drop results after the search, so ask for more than will be shown.
        var filtered = Scope.Permissions != PicaToolPermissions.Admin || Scope.RestrictsActions;
        var purpose = Scope.KnowledgeOnly ? PicaActionSearchPurpose.Knowledge : PicaActionSearchPurpose.Execute;
        var found = await Scope.Catalog.SearchActionsAsync(platform, query, filtered ? Math.Min(50, limit * 4) : limit, purpose, cancellationToken).ConfigureAwait(false);

        var actions = new JsonArray();
        foreach (var action in found)
        {
            if (actions.Count == limit)
            {
                break;
            }

            if (action.SystemId is not { Length: > 0 } systemId || ActionIds.Problem(systemId) is not null)
            {
                continue;
            }

            var id = ActionIds.Normalize(systemId);
            if (!Scope.AllowsAction(id) || !Scope.AllowsMethod(action.Method)
                || (action.Platform is { Length: > 0 } own && !own.Equals(platform, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var item = new JsonObject { ["id"] = id };
            if (!string.IsNullOrEmpty(action.Title))
            {
                item["title"] = Text.Clean(action.Title, 200);
            }

            if (!string.IsNullOrEmpty(action.Method))
            {
                item["method"] = Text.Clean(action.Method, 10).ToUpperInvariant();
            }

            if (!string.IsNullOrEmpty(action.Path))
            {
                item["path"] = Text.Clean(action.Path, 300);
            }

            actions.Add((JsonNode)item);
        }

        return ToolResult.Of(new JsonObject { ["platform"] = platform, ["actions"] = actions }, "actions");
    }
}
