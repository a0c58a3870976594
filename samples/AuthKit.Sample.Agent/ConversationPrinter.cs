using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace AuthKit.Sample.Agent;

/// <summary>
/// Sits between <see cref="FunctionInvokingChatClient"/> and the model and prints the conversation as it goes:
/// each tool call the model makes, each tool result the loop sends back (compact, cut to
/// <see cref="ResultPreviewLength"/>), and the model's text. Connection keys are masked in what it prints
/// (the model sees them: that is how it names a connection; a console or a log need not).
/// </summary>
public sealed class ConversationPrinter(IChatClient model, TextWriter output) : DelegatingChatClient(model)
{
    /// <summary>How much of each tool result is printed, in characters.</summary>
    public const int ResultPreviewLength = 400;

    private readonly HashSet<string> _printed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tools = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];

    /// <summary>The tool results that reported a failure: an <c>error</c>, or an action that did not answer 2xx.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IList<ChatMessage> ?? [.. messages];
        foreach (var result in conversation.SelectMany(m => m.Contents).OfType<FunctionResultContent>())
        {
            if (_printed.Add(result.CallId))
            {
                await PrintResultAsync(result);
            }
        }

        var response = await base.GetResponseAsync(conversation, options, cancellationToken);
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            switch (content)
            {
                case FunctionCallContent call:
                    _tools[call.CallId] = call.Name;
                    var arguments = JsonSerializer.SerializeToNode(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
                    await output.WriteLineAsync($"  -> {call.Name} {Mask(arguments)}");
                    break;
                case TextContent { Text.Length: > 0 } text:
                    await output.WriteLineAsync($"assistant: {text.Text}");
                    break;
            }
        }

        return response;
    }

    private async Task PrintResultAsync(FunctionResultContent result)
    {
        var tool = _tools.GetValueOrDefault(result.CallId, "?");
        var json = ScriptedChatClient.AsJson(result.Result);
        var text = json.ValueKind == JsonValueKind.Undefined ? "(nothing)" : Mask(JsonNode.Parse(json.GetRawText()));
        if (text.Length > ResultPreviewLength)
        {
            text = text[..ResultPreviewLength] + "…";
        }

        await output.WriteLineAsync($"  <- {tool} {text}");
        if (ScriptedChatClient.Problem(json) is { } problem)
        {
            _failures.Add($"{tool}: {problem}");
        }
        else if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
        {
            _failures.Add($"{tool}: the integration answered {json.GetProperty("status")}");
        }
    }

    // Any string that is a connection key keeps its environment, platform and owner, not its secret part.
    private static string Mask(JsonNode? node)
    {
        Walk(node);
        return node?.ToJsonString() ?? "null";

        static void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj.ToList())
                    {
                        if (MaskedKey(value) is { } masked)
                        {
                            obj[name] = masked;
                        }
                        else
                        {
                            Walk(value);
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (MaskedKey(array[i]) is { } masked)
                        {
                            array[i] = masked;
                        }
                        else
                        {
                            Walk(array[i]);
                        }
                    }

                    break;
            }
        }

        static string? MaskedKey(JsonNode? value) =>
            value is JsonValue v && v.TryGetValue<string>(out var text) && PicaConnectionKey.TryParse(text, out var key)
                ? $"{key.Environment}::{key.Platform}::{key.Namespace}::***{(key.IdentitySuffix is { } owner ? "|" + owner : "")}"
                : null;
    }
}
