using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AuthKit.AI.Tests.TestSupport;

/// <summary>
/// A model that plays a script: each turn reads the conversation so far (the tools' results included) and
/// answers with tool calls or text. What a real model does, minus the model: the chat loop, the function
/// invocation and the tools are the real ones.
/// </summary>
internal sealed class ScriptedChatClient(params Func<ScriptedTurn, ChatMessage>[] turns) : IChatClient
{
    private int _next;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        var message = index < turns.Length
            ? turns[index](new ScriptedTurn([.. messages], index))
            : new ChatMessage(ChatRole.Assistant, "done");
        return Task.FromResult(new ChatResponse(message));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted model answers whole responses only.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>One tool call as the model's turn.</summary>
    public static ChatMessage Call(string tool, object? arguments = null, string? callId = null)
    {
        var args = arguments is null
            ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
        return new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId ?? Guid.NewGuid().ToString("N"), tool, args)]);
    }
}

/// <summary>The conversation a scripted turn answers.</summary>
internal sealed record ScriptedTurn(IReadOnlyList<ChatMessage> Messages, int Index)
{
    /// <summary>The result of the last tool call, as the tool returned it.</summary>
    public JsonElement LastResult => Results.Last();

    /// <summary>Every tool result so far, in order.</summary>
    public IEnumerable<JsonElement> Results =>
        Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => ToolJson.Of(r.Result));
}
