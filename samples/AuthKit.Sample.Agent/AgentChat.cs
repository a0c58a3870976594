using System.ClientModel;
using AuthKit.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace AuthKit.Sample.Agent;

/// <summary>
/// One chat turn of an agent with the configured user's tools: the user's message goes to the model through
/// <see cref="FunctionInvokingChatClient"/>, which runs the tools the model calls until it answers in text.
/// The model is the configured OpenAI-compatible one, or <see cref="ScriptedChatClient"/> when none is.
/// </summary>
public sealed class AgentChat(IPicaConnections connections, IOptions<AgentOptions> agent, IOptions<ModelOptions> model)
{
    private const string Instructions =
        "You are an assistant with access to the user's connected apps through tools. Call list_connections to see what is " +
        "connected, search_actions to find an API operation, get_action_knowledge to learn how to fill it, then execute_action. " +
        "If an app is not connected, call prompt_to_connect. Answer briefly.";

    /// <summary>Runs the chat and prints it.</summary>
    /// <param name="output">Where the conversation is printed.</param>
    /// <param name="emulator">The embedded emulator, whose request log is printed with <see cref="AgentOptions.ShowRequests"/>; <see langword="null"/> on the platform.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>0 when the chat finished (with the scripted model: with every tool call answered without an error), otherwise 1.</returns>
    public async Task<int> RunAsync(TextWriter output, PicaEmulator? emulator = null, CancellationToken cancellationToken = default)
    {
        var settings = agent.Value;
        // The identity is fixed here, by the app; the model never chooses whose connections it sees.
        var tools = connections.ForIdentity(settings.Identity, IdentityType.User)
            .CreateAITools(new PicaToolOptions { Permissions = settings.Permissions });

        var scripted = model.Value.IsConfigured ? null : new ScriptedChatClient();
        ConversationPrinter? printer = null;
        using var chat = new ChatClientBuilder(scripted ?? CreateModel(model.Value))
            .UseFunctionInvocation()
            .Use(inner => printer = new ConversationPrinter(inner, output))
            .Build();

        await output.WriteLineAsync(scripted is null
            ? $"Model: {model.Value.Model} ({settings.Permissions.ToString().ToLowerInvariant()} permissions)"
            : $"Model: scripted, offline (set OpenAI:Model to use a real one; {settings.Permissions.ToString().ToLowerInvariant()} permissions)");
        await output.WriteLineAsync($"Tools: {string.Join(", ", tools.Select(t => t.Name))}");
        await output.WriteLineAsync($"{settings.Identity}: {settings.Prompt}");
        try
        {
            await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, settings.Prompt)],
                new ChatOptions { Tools = [.. tools] },
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("Cancelled.");
            return 1;
        }
        catch (Exception ex) when (ModelFailure(ex) is { } failure)
        {
            await output.WriteLineAsync(failure);
            return 1;
        }

        if (settings.ShowRequests && emulator is not null)
        {
            await RequestLog.PrintAsync(output, emulator);
        }

        var failures = printer!.Failures;
        if (scripted is null)
        {
            // A real model reads a failed call's error and can recover from it: the chat finishing is the success.
            return 0;
        }

        foreach (var failure in failures)
        {
            await output.WriteLineAsync($"Failed: {failure}");
        }

        return failures.Count == 0 && scripted.GaveUp is null ? 0 : 1;
    }

    // What the OpenAI client throws when the endpoint fails, as one line. Only the status of a refusal: an
    // endpoint's error text may quote part of the API key. After its retries the client throws them together.
    private static string? ModelFailure(Exception failure) => failure switch
    {
        AggregateException { InnerExceptions: [.., var last] } => ModelFailure(last),
        ClientResultException { Status: 0 } unreachable =>
            $"The model's endpoint could not be reached: {(unreachable.InnerException as HttpRequestException)?.HttpRequestError.ToString() ?? "no answer"}.",
        ClientResultException refused =>
            $"The model's endpoint refused the request ({refused.Status}){(refused.Status == 401 ? ": check OpenAI:ApiKey" : "")}.",
        HttpRequestException unreachable => $"The model's endpoint could not be reached: {unreachable.HttpRequestError}.",
        _ => null,
    };

    private static IChatClient CreateModel(ModelOptions options)
    {
        var client = new OpenAI.Chat.ChatClient(
            options.Model,
            new ApiKeyCredential(options.ApiKey ?? string.Empty),
            new OpenAIClientOptions { Endpoint = options.Endpoint });
        return client.AsIChatClient();
    }
}
