using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Testing;
using Microsoft.Extensions.AI;

namespace AuthKit.Bench;

/// <summary>
/// The one action every execution benchmark runs: Gmail "Send Email" (a JSON POST with a path variable)
/// through the Gmail connection of an identity with 61 connections, beside another identity with 200, on a
/// <see cref="PicaEmulator"/>. bench/actions (with latency) and AgentToolBenchmarks (without) execute it
/// directly, through the <c>execute_action</c> tool and through @picahq/toolkit, so the figures compare.
/// </summary>
public sealed class ActionScenario : IDisposable
{
    /// <summary>The identity whose Gmail executes the action.</summary>
    public const string Identity = "user_bench";

    private ActionScenario(PicaEmulator pica)
    {
        Pica = pica;
        Gmail = pica.Connect(Identity, IdentityType.User, "gmail");
        Input = new PicaActionInput { PathVariables = new Dictionary<string, string> { ["userId"] = "me" }, Json = Body() };

        // As a chat loop hands them over: the model's JSON arguments parsed to elements.
        ToolArguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(new JsonObject
        {
            ["connection_key"] = Gmail.Key,
            ["action_id"] = PicaEmulator.GmailSendEmailAction,
            ["path_variables"] = new JsonObject { ["userId"] = "me" },
            ["body"] = Body(),
        }.ToJsonString())!.ToDictionary(p => p.Key, p => (object?)p.Value);

        ToolkitArguments = new JsonObject
        {
            ["actionSystemId"] = PicaEmulator.GmailSendEmailAction,
            ["connectionKey"] = Gmail.Key,
            ["data"] = Body(),
            ["pathVariables"] = new JsonObject { ["userId"] = "me" },
        };
    }

    /// <summary>The emulator, seeded; <see cref="PicaEmulator.WithLatency"/> as the benchmark wants.</summary>
    public PicaEmulator Pica { get; }

    /// <summary>The identity's Gmail connection.</summary>
    public PicaConnection Gmail { get; }

    /// <summary>The input of <see cref="IPicaIdentityConnections.ExecuteActionAsync"/>.</summary>
    public PicaActionInput Input { get; }

    /// <summary>The arguments of <c>execute_action</c>, as a model's parsed JSON (<see cref="JsonElement"/> values); never changed.</summary>
    public IDictionary<string, object?> ToolArguments { get; }

    /// <summary>The arguments of the toolkit's <c>executeAction</c> and of its <c>execute</c> tool (the same names).</summary>
    public JsonObject ToolkitArguments { get; }

    /// <summary>Starts the emulator (latency seeded, none until <see cref="PicaEmulator.WithLatency"/>) and seeds both identities.</summary>
    public static ActionScenario Start()
    {
        var pica = PicaEmulator.Start(new PicaEmulatorOptions { LatencySeed = 42 })
            .SeedVaultConnections("user_other", IdentityType.User, 200, seed: 7)
            .SeedVaultConnections(Identity, IdentityType.User, 60, seed: 8);
        return new ActionScenario(pica);
    }

    /// <summary>A new client for the identity: nothing cached.</summary>
    public IPicaIdentityConnections NewIdentity() => new PicaConnections(Pica.CreateOptions()).ForIdentity(Identity, IdentityType.User);

    /// <summary>The identity's <c>execute_action</c> tool, with the write permission the POST needs.</summary>
    public static AIFunction ExecuteTool(IPicaIdentityConnections identity) =>
        identity.CreateAITools(new PicaToolOptions { Permissions = PicaToolPermissions.Write }).Single(t => t.Name == PicaToolNames.ExecuteAction);

    /// <summary>Executes the action directly; throws unless the platform answered 2xx.</summary>
    public async Task ExecuteAsync(IPicaIdentityConnections identity, CancellationToken cancellationToken = default)
    {
        using var result = await identity.ExecuteActionAsync(Gmail.Key, PicaEmulator.GmailSendEmailAction, Input, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The execution answered HTTP {(int)result.StatusCode}.");
        }
    }

    /// <summary>Executes the action through <paramref name="tool"/>; throws unless the result says <c>"ok": true</c>.</summary>
    public async Task InvokeAsync(AIFunction tool, CancellationToken cancellationToken = default)
    {
        var result = await tool.InvokeAsync(new AIFunctionArguments(ToolArguments), cancellationToken).ConfigureAwait(false);
        Check(result);
    }

    /// <summary>
    /// A chat client whose model asks for one <c>execute_action</c> call with <see cref="ToolArguments"/> and then
    /// answers, through <see cref="FunctionInvokingChatClient"/>: a whole chat turn of an agent.
    /// </summary>
    public IChatClient Chat() => new ChatClientBuilder(new OneCallChatClient(ToolArguments)).UseFunctionInvocation().Build();

    /// <summary>Plays one turn on <paramref name="chat"/> (<see cref="Chat"/>) with <paramref name="options"/> (the tool among its tools); throws unless the tool succeeded and the model answered.</summary>
    public static async Task TurnAsync(IChatClient chat, ChatOptions options, CancellationToken cancellationToken = default)
    {
        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "Send the email.")], options, cancellationToken).ConfigureAwait(false);
        var result = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().SingleOrDefault();
        Check(result?.Result);
        if (response.Text != OneCallChatClient.Answer)
        {
            throw new InvalidOperationException($"The turn ended with '{response.Text}'.");
        }
    }

    /// <summary>Throws unless <paramref name="result"/>, what <c>execute_action</c> returned, says <c>"ok": true</c>.</summary>
    public static void Check(object? result)
    {
        if (result is not JsonElement { ValueKind: JsonValueKind.Object } answer || !answer.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
        {
            throw new InvalidOperationException($"execute_action did not succeed: {result}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => Pica.Dispose();

    private static JsonObject Body() => new() { ["raw"] = "U3ViamVjdDogaGk", ["threadId"] = "t1" };
}
