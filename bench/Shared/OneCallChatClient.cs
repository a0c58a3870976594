using Microsoft.Extensions.AI;

namespace AuthKit.Bench;

/// <summary>
/// A model that asks for one <c>execute_action</c> call and, once its result is in the conversation, answers
/// "Sent.". It holds no state between turns, so one instance serves every benchmark iteration; what runs
/// around it (FunctionInvokingChatClient, the tool, the SDK) is the real thing.
/// </summary>
public sealed class OneCallChatClient(IDictionary<string, object?> arguments) : IChatClient
{
    /// <summary>The answer once the tool's result is in.</summary>
    public const string Answer = "Sent.";

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var last = messages is IList<ChatMessage> list ? list[^1] : messages.Last();
        var message = last.Role == ChatRole.Tool
            ? new ChatMessage(ChatRole.Assistant, Answer)
            : new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", PicaToolNames.ExecuteAction, arguments)]);
        return Task.FromResult(new ChatResponse(message));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted model answers whole responses only.");

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
