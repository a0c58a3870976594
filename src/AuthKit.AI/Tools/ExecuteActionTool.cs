using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.Tools;

/// <summary>
/// <c>execute_action</c>: one action through one of the identity's connections. Every check that can be made
/// without the platform is made first; the key is then found in the identity's own listing (so a key of
/// another tenant never reaches the platform), and the action's knowledge (cached) gives its platform and
/// method, checked against the connection and the permissions before the one passthrough request.
/// </summary>
internal sealed class ExecuteActionTool(ToolScope scope) : PicaTool(scope, PicaToolNames.ExecuteAction, Describe, Parsed.Schema, Parsed.ReturnSchema)
{
    private static readonly string[] Arguments = ["connection_key", "action_id", "path_variables", "query", "headers", "body", "body_format"];

    private const string Describe =
        "Executes an action through one of the user's connections and returns the integration's answer (HTTP status and body). " +
        "Use a connection key from list_connections and an action id from search_actions, of the same platform, and fill the " +
        "path variables, query and body as get_action_knowledge describes. The user's credentials are added for you: never pass " +
        "keys, tokens or authorization headers.";

    private const string Schema = """
        {"type":"object","properties":{
          "connection_key":{"type":"string","description":"The connection's key, exactly as list_connections returned it."},
          "action_id":{"type":"string","description":"The action's id, exactly as search_actions returned it."},
          "path_variables":{"type":"object","additionalProperties":{"type":["string","number","boolean"]},
            "description":"A value for each {{name}} in the action's path, e.g. {\"messageId\": \"18c2f\"}."},
          "query":{"type":"object","additionalProperties":{"type":["string","number","boolean"]},"description":"Query parameters, if the action takes any."},
          "headers":{"type":"object","additionalProperties":{"type":"string"},"description":"Extra headers the action's knowledge asks for; rarely needed."},
          "body":{"description":"The request body, if the action takes one: usually a JSON object."},
          "body_format":{"type":"string","enum":["json","form","multipart"],"description":"How the body is sent: json unless the knowledge says form or multipart."}},
         "required":["connection_key","action_id"],"additionalProperties":false}
        """;

    private const string ReturnSchema = """
        {"type":"object","properties":{
          "status":{"type":"integer","description":"The integration's HTTP status."},
          "ok":{"type":"boolean","description":"Whether the status is 2xx."},
          "content_type":{"type":"string"},
          "body":{"description":"The integration's answer: JSON as sent, or text."},
          "truncated":{"type":"boolean"},"error":{"type":"string"}}}
        """;
    // Parsed once per process: tools are made per user and per chat.
    private static readonly (JsonElement Schema, JsonElement ReturnSchema) Parsed = (ToolSchema.Parse(Schema), ToolSchema.Parse(ReturnSchema));


    // A model writes bodies of a few kilobytes; a client that sends megabytes is refused before any work.
    private const int MaxBody = 1 << 20;

    // The platform adds the credentials and routes by these; a model that sends them is refused, not obeyed.
    private static readonly string[] RefusedHeaders =
        ["authorization", "proxy-authorization", "cookie", "host", "content-type", "content-length", "transfer-encoding", "connection", "upgrade", "te", "expect"];

    protected override IReadOnlyCollection<string> ArgumentNames => Arguments;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var key = arguments.String("connection_key", required: true, maxLength: 1024)!;
        var given = arguments.String("action_id", required: true, maxLength: 512)!;
        var input = Input(arguments);

        if (!PicaConnectionKey.TryParse(key, out _))
        {
            throw new ToolRefusal("connection_key is not a connection key; call list_connections and pass a key exactly as it returns it. Nothing was sent.");
        }

        if (ActionIds.Problem(given) is { } problem)
        {
            throw new ToolRefusal($"action_id is not an action id ({problem}); pass one exactly as search_actions returns it. Nothing was sent.");
        }

        var actionId = ActionIds.Normalize(given);
        if (!Scope.AllowsAction(actionId))
        {
            throw new ToolRefusal("This action is not among those this assistant may use. Nothing was sent.");
        }

        var connection = await Scope.OwnedConnectionAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new ToolRefusal("connection_key is not one of the connections this assistant may use for this user; call list_connections and use a key exactly as it returns it. Nothing was sent.");

        var knowledge = await Scope.Catalog.GetActionAsync(actionId, cancellationToken).ConfigureAwait(false)
            ?? throw new ToolRefusal("The platform has no action with this id; search again with search_actions. Nothing was sent.");

        if (knowledge.ConnectionPlatform is { Length: > 0 } platform && !platform.Equals(connection.Platform, StringComparison.OrdinalIgnoreCase))
        {
            throw new ToolRefusal($"This action is for {Text.Clean(platform, 100)} and the connection is to {Text.Clean(connection.Platform, 100)}; use a connection of the action's platform. Nothing was sent.");
        }

        if (!Scope.AllowsMethod(knowledge.Method))
        {
            throw new ToolRefusal(ToolScope.MethodRefusal(knowledge.Method, Scope) + " Nothing was sent.");
        }

        using var result = await Scope.Connections.ExecuteActionAsync(connection.Key, actionId, input, cancellationToken).ConfigureAwait(false);
        var answer = new JsonObject
        {
            ["status"] = (int)result.StatusCode,
            ["ok"] = result.IsSuccessStatusCode,
        };
        if (result.ContentType is { Length: > 0 } contentType)
        {
            answer["content_type"] = Text.Clean(contentType, 100);
        }

        // The answer's tree is attached as it is: the result is disposed when this call returns.
        answer["body"] = result.Json ?? await TextAsync(result, Scope.MaxResultLength, cancellationToken).ConfigureAwait(false);
        return ToolResult.Of(answer, "body");
    }

    private static PicaActionInput Input(ToolArguments arguments)
    {
        var headers = arguments.Map("headers", maxCount: 32, maxLength: 2048);
        foreach (var name in headers?.Keys ?? [])
        {
            var lower = name.ToLowerInvariant();
            if (RefusedHeaders.Contains(lower) || lower.StartsWith("x-pica-", StringComparison.Ordinal) || lower.StartsWith("x-one-", StringComparison.Ordinal))
            {
                throw new ToolRefusal($"The header '{Text.Clean(name, 64)}' may not be set: the platform adds the user's credentials and routing itself. Nothing was sent.");
            }
        }

        var format = arguments.String("body_format", required: false, maxLength: 16) ?? "json";
        JsonNode? json = null;
        IReadOnlyDictionary<string, string>? fields = null;
        switch (format)
        {
            case "json":
                json = arguments.Json("body", MaxBody);
                break;
            case "form" or "multipart":
                fields = arguments.Map("body", maxCount: 100, maxLength: MaxBody);
                break;
            default:
                throw new ToolRefusal("body_format must be json, form or multipart.");
        }

        return new PicaActionInput
        {
            PathVariables = arguments.Map("path_variables"),
            Query = arguments.Map("query"),
            Headers = headers,
            Json = json,
            Form = format == "form" ? fields : null,
            Multipart = format == "multipart" ? fields : null,
        };
    }

    // Text answers are read up to what the result can hold; other media are named, not shown.
    private static async Task<JsonNode?> TextAsync(PicaActionResult result, int maxLength, CancellationToken cancellationToken)
    {
        var type = result.ContentType ?? string.Empty;
        var textual = type.Length == 0 || type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || type.Contains("json", StringComparison.OrdinalIgnoreCase) || type.Contains("xml", StringComparison.OrdinalIgnoreCase)
            || type.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (!textual)
        {
            return $"[{Text.Clean(type, 100)} content, not shown]";
        }

        var buffer = new byte[(maxLength * 3) + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await result.Body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }
}
