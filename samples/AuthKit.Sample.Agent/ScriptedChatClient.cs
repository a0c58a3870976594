using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace AuthKit.Sample.Agent;

/// <summary>
/// A stand-in for a model, so that the sample runs offline and in CI: it plays one conversation (list the
/// connections, search Gmail's actions, read the action's knowledge, execute it, answer), and fills each call
/// from the results before it, as a model does: the connection key comes from <c>list_connections</c>, the
/// action id from <c>search_actions</c>, the path variables from the knowledge's path. The chat loop, the
/// function invocation and the tools it drives are the real ones.
/// </summary>
/// <remarks>
/// Stateless: each turn is decided from the conversation it is given (the tool results since the user's last
/// message), so it answers whatever <see cref="FunctionInvokingChatClient"/> sends it, in any order of calls.
/// </remarks>
public sealed partial class ScriptedChatClient : IChatClient
{
    /// <summary>The platform the script works on.</summary>
    public const string Platform = "gmail";

    /// <summary>What the script searches for.</summary>
    public const string Query = "get a message";

    /// <summary>Why the script stopped before executing, when it did; <see langword="null"/> when it played to the end.</summary>
    public string? GaveUp { get; private set; }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var conversation = messages.ToList();
        var asked = conversation.FindLastIndex(m => m.Role == ChatRole.User);
        var request = asked < 0 ? string.Empty : conversation[asked].Text;
        var since = conversation.Skip(asked + 1).SelectMany(m => m.Contents).ToList();
        var calls = since.OfType<FunctionCallContent>().ToDictionary(c => c.CallId, c => c.Name, StringComparer.Ordinal);
        var results = since.OfType<FunctionResultContent>()
            .Select(r => (Tool: calls.GetValueOrDefault(r.CallId, "?"), Result: AsJson(r.Result)))
            .ToList();

        return Task.FromResult(new ChatResponse(Next(request, results)));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted model answers whole responses only.");

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType?.IsInstanceOfType(this) == true ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private ChatMessage Next(string request, List<(string Tool, JsonElement Result)> results)
    {
        if (results.Count > 0 && Problem(results[^1].Result) is { } error)
        {
            return GiveUp($"{results[^1].Tool} answered with an error: {error}");
        }

        switch (results.Count)
        {
            case 0:
                return Call(1, PicaToolNames.ListConnections, []);

            case 1:
                if (GmailKey(results[0].Result) is null)
                {
                    return GiveUp("You have no active Gmail connection: connect Gmail first (prompt_to_connect would open the window).");
                }

                return Call(2, PicaToolNames.SearchActions, new JsonObject { ["platform"] = Platform, ["query"] = Query });

            case 2:
                // The search ranks its answers: the first is the best match.
                var found = Items(results[1].Result, "actions").FirstOrDefault();
                if (String(found, "id") is not { } actionId)
                {
                    return GiveUp($"Gmail has no action for \"{Query}\" that this assistant may use.");
                }

                return Call(3, PicaToolNames.GetActionKnowledge, new JsonObject { ["action_ids"] = new JsonArray(actionId) });

            case 3:
                return Execute(request, results[0].Result, results[2].Result);

            default:
                return Answer(results[^1].Result);
        }
    }

    private ChatMessage Execute(string request, JsonElement connections, JsonElement knowledge)
    {
        var action = Items(knowledge, "actions").FirstOrDefault();
        var path = String(action, "path") ?? string.Empty;
        var variables = new JsonObject();
        foreach (Match variable in PathVariable().Matches(path))
        {
            var name = variable.Groups[1].Value;
            if (name.Equals("userId", StringComparison.OrdinalIgnoreCase))
            {
                // Gmail's own alias for the signed-in user, as the action's knowledge says.
                variables[name] = "me";
            }
            else if (name.Contains("id", StringComparison.OrdinalIgnoreCase) && MessageId().Match(request) is { Success: true } id)
            {
                variables[name] = id.Value;
            }
            else
            {
                return GiveUp($"The action needs {name} in its path, and your message does not say it.");
            }
        }

        return Call(4, PicaToolNames.ExecuteAction, new JsonObject
        {
            ["connection_key"] = GmailKey(connections),
            ["action_id"] = String(action, "id"),
            ["path_variables"] = variables,
        });
    }

    private static ChatMessage Answer(JsonElement executed)
    {
        var status = executed.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 0;
        var body = executed.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object ? b : default;
        // A real Gmail message has a snippet; the emulator echoes the request it received. The body is not
        // repeated whole: it may be long, and an echo holds the request's headers.
        var says = String(body, "snippet") is { } snippet
            ? $"It says: {snippet}"
            : String(body, "method") is { } method && String(body, "path") is { } path
                ? $"The answer is the emulator's echo of {method} {path}."
                : "Its body has no snippet to show.";
        return new ChatMessage(ChatRole.Assistant, $"Gmail answered {status} for that message. {says}");
    }

    private ChatMessage GiveUp(string reason)
    {
        GaveUp = reason;
        return new ChatMessage(ChatRole.Assistant, "I could not finish. " + reason);
    }

    private static ChatMessage Call(int step, string tool, JsonObject arguments)
    {
        var values = arguments.ToDictionary(p => p.Key, p => (object?)JsonSerializer.SerializeToElement(p.Value));
        return new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call_{step}", tool, values)]);
    }

    private static string? GmailKey(JsonElement connections) =>
        Items(connections, "connections")
            .Where(c => String(c, "platform") == Platform && c.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.True)
            .Select(c => String(c, "key"))
            .FirstOrDefault();

    /// <summary>The <c>error</c> of a result, or of the first of its items that has one; <see langword="null"/> for none.</summary>
    /// <param name="result">A tool's result.</param>
    /// <returns>The error message.</returns>
    public static string? Problem(JsonElement result)
    {
        if (result.ValueKind == JsonValueKind.String)
        {
            // What FunctionInvokingChatClient answers for an unknown tool or a tool that threw.
            return result.GetString();
        }

        if (String(result, "error") is { } error)
        {
            return error;
        }

        return Items(result, "actions").Select(a => String(a, "error")).FirstOrDefault(e => e is not null);
    }

    /// <summary>A tool's result as JSON, however it is carried.</summary>
    /// <param name="result">The <see cref="FunctionResultContent.Result"/>.</param>
    /// <returns>The JSON.</returns>
    public static JsonElement AsJson(object? result) => result switch
    {
        JsonElement element => element,
        null => default,
        _ => JsonSerializer.SerializeToElement(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };

    private static IEnumerable<JsonElement> Items(JsonElement result, string name) =>
        result.ValueKind == JsonValueKind.Object && result.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    private static string? String(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex PathVariable();

    // A Gmail message id: 16 or so hex digits.
    [GeneratedRegex(@"\b[0-9a-f]{12,24}\b")]
    private static partial Regex MessageId();
}
