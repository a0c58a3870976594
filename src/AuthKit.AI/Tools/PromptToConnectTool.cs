using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.Tools;

/// <summary>
/// <c>prompt_to_connect</c>: asks the app to open the connect window (AuthKit's or One's) for a platform. The
/// tool only names the platform in its result; the app reads the result and shows the widget.
/// </summary>
internal sealed class PromptToConnectTool(ToolScope scope) : PicaTool(scope, PicaToolNames.PromptToConnect, Describe, Parsed.Schema, Parsed.ReturnSchema)
{
    private static readonly string[] Arguments = ["platform"];

    private const string Describe =
        "Asks the app to show the user the window to connect an integration they have not connected yet (e.g. when list_connections " +
        "has no gmail connection and the user wants to send an email). Then tell the user to connect it and try again.";

    private const string Schema = """
        {"type":"object","properties":{
          "platform":{"type":"string","description":"The exact platform name to connect, e.g. gmail (see list_integrations)."}},
         "required":["platform"],"additionalProperties":false}
        """;

    private const string ReturnSchema = """
        {"type":"object","properties":{
          "platform":{"type":"string"},"name":{"type":"string"},
          "already_connected":{"type":"boolean"},"message":{"type":"string"},"error":{"type":"string"}}}
        """;
    // Parsed once per process: tools are made per user and per chat.
    private static readonly (JsonElement Schema, JsonElement ReturnSchema) Parsed = (ToolSchema.Parse(Schema), ToolSchema.Parse(ReturnSchema));


    protected override IReadOnlyCollection<string> ArgumentNames => Arguments;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var platform = Platforms.Checked(arguments, Scope);
        PicaConnector? integration = null;
        var query = new PicaConnectorQuery { Platform = platform, AuthKit = Scope.AuthKitIntegrationsOnly ? true : null };
        await foreach (var connector in Scope.Catalog.ListConnectorsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (connector.Platform.Equals(platform, StringComparison.OrdinalIgnoreCase) && connector.Active != false)
            {
                integration = connector;
                break;
            }
        }

        if (integration is null)
        {
            throw new ToolRefusal($"There is no integration named '{platform}' that the user can connect; call list_integrations for the exact names.");
        }

        var name = Text.Clean(string.IsNullOrEmpty(integration.Name) ? integration.Platform : integration.Name, 200);
        var owned = await Scope.OwnedAsync(fresh: true, cancellationToken).ConfigureAwait(false);
        var connected = owned.Any(c => c.Active && c.Platform.Equals(integration.Platform, StringComparison.OrdinalIgnoreCase));
        return ToolResult.Of(new JsonObject
        {
            ["platform"] = integration.Platform,
            ["name"] = name,
            ["already_connected"] = connected,
            ["message"] = connected
                ? $"The user already has {name} connected; call list_connections for its key."
                : $"The app shows the user a window to connect {name}. Ask the user to connect it there, then call list_connections.",
        });
    }
}
