using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.Tools;

/// <summary><c>list_integrations</c>: the platforms that can be connected (or searched), within the options.</summary>
internal sealed class ListIntegrationsTool(ToolScope scope) : PicaTool(scope, PicaToolNames.ListIntegrations, Describe, Parsed.Schema, Parsed.ReturnSchema)
{
    private const int MaxRead = 5_000;

    private static readonly string[] Arguments = ["search"];

    private const string Describe =
        "Lists the integrations (platforms such as gmail, slack, google-sheets) that exist, with their exact platform names. " +
        "Use it to find the platform name to pass to search_actions or prompt_to_connect. Pass 'search' to narrow the list.";

    private const string Schema = """
        {"type":"object","properties":{
          "search":{"type":"string","description":"Optional words to match in the platform's name, e.g. 'sheets' or 'mail'."}},
         "additionalProperties":false}
        """;

    private const string ReturnSchema = """
        {"type":"object","properties":{
          "integrations":{"type":"array","items":{"type":"object","properties":{
            "platform":{"type":"string","description":"The exact platform name for the other tools."},
            "name":{"type":"string"},"category":{"type":"string"}},"required":["platform"]}},
          "truncated":{"type":"boolean"},"error":{"type":"string"}}}
        """;
    // Parsed once per process: tools are made per user and per chat.
    private static readonly (JsonElement Schema, JsonElement ReturnSchema) Parsed = (ToolSchema.Parse(Schema), ToolSchema.Parse(ReturnSchema));


    protected override IReadOnlyCollection<string> ArgumentNames => Arguments;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var search = arguments.String("search", required: false, maxLength: 100)?.Trim();
        var query = Scope.AuthKitIntegrationsOnly ? new PicaConnectorQuery { AuthKit = true } : null;
        var integrations = new JsonArray();
        var read = 0;
        await foreach (var connector in Scope.Catalog.ListConnectorsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (++read > MaxRead)
            {
                break;
            }

            if (connector.Active == false || !Platforms.IsName(connector.Platform) || !Scope.AllowsPlatform(connector.Platform) || !Matches(connector, search))
            {
                continue;
            }

            var item = new JsonObject { ["platform"] = connector.Platform };
            if (!string.IsNullOrEmpty(connector.Name))
            {
                item["name"] = Text.Clean(connector.Name, 200);
            }

            if (!string.IsNullOrEmpty(connector.Category))
            {
                item["category"] = Text.Clean(connector.Category, 100);
            }

            integrations.Add((JsonNode)item);
        }

        return ToolResult.Of(new JsonObject { ["integrations"] = integrations }, "integrations");
    }

    private static bool Matches(PicaConnector connector, string? search) =>
        string.IsNullOrEmpty(search)
        || connector.Platform.Contains(search, StringComparison.OrdinalIgnoreCase)
        || (connector.Name?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false);
}
