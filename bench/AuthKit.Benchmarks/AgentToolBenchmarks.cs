using AuthKit.Bench;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthKit.Benchmarks;

/// <summary>
/// What the agent tools add to an execution (bench/Shared/ActionScenario.cs: Gmail "Send Email" through an
/// identity with 61 connections), in steady state (the key's confirmation, the action's knowledge and the
/// tool's listing cached): <see cref="IPicaIdentityConnections.ExecuteActionAsync"/> directly, the
/// <c>execute_action</c> <see cref="AIFunction"/> invoked as a chat loop invokes it, and a whole chat turn
/// through <see cref="FunctionInvokingChatClient"/> with a model that asks for the call and then answers.
/// <see cref="Transport"/> <c>emulator</c>: every request over loopback to the in-process emulator (its work
/// and allocations counted too); <c>replayed</c>: the passthrough answered from memory, the client alone.
/// </summary>
[MemoryDiagnoser]
public class AgentToolBenchmarks
{
    private ActionScenario _scenario = null!;
    private IPicaIdentityConnections _identity = null!;
    private AIFunction _tool = null!;
    private IChatClient _chat = null!;
    private ChatOptions _chatOptions = null!;

    /// <summary>The scenario, for <see cref="AllocationProbe"/>.</summary>
    internal ActionScenario Scenario => _scenario;

    /// <summary>The tool, for <see cref="AllocationProbe"/>.</summary>
    internal AIFunction Tool => _tool;

    /// <summary>Where the passthrough request goes: <c>emulator</c> or <c>replayed</c>.</summary>
    [Params("emulator", "replayed")]
    public string Transport { get; set; } = "emulator";

    /// <summary>Starts the emulator, warms every cache, and checks each way costs one request (or none, replayed).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _scenario = ActionScenario.Start();
        var replayed = Transport == "replayed" ? new ReplayedPassthroughHandler() : null;
        _identity = replayed is null
            ? _scenario.NewIdentity()
            : new PicaConnections(_scenario.Pica.CreateOptions(), NullLoggerFactory.Instance, replayed).ForIdentity(ActionScenario.Identity, IdentityType.User);
        _tool = ActionScenario.ExecuteTool(_identity);
        _chat = _scenario.Chat();
        _chatOptions = new ChatOptions { Tools = [_tool] };

        foreach (var call in new Func<Task>[] { ExecuteActionAsync, ExecuteActionTool, ChatTurn })
        {
            call().GetAwaiter().GetResult();
        }

        // The steady state, or the comparison means nothing: the same single request for all three.
        foreach (var call in new Func<Task>[] { ExecuteActionAsync, ExecuteActionTool, ChatTurn })
        {
            _scenario.Pica.ClearReceivedRequests();
            call().GetAwaiter().GetResult();
            var expected = replayed is null ? 1 : 0;
            if (_scenario.Pica.ReceivedRequests.Count != expected)
            {
                throw new InvalidOperationException($"{call.Method.Name} sent {_scenario.Pica.ReceivedRequests.Count} requests in steady state, not {expected}.");
            }
        }
    }

    /// <summary>Stops the emulator.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _chat.Dispose();
        _scenario.Dispose();
    }

    /// <summary><see cref="IPicaIdentityConnections.ExecuteActionAsync"/> directly.</summary>
    [Benchmark(Baseline = true)]
    public Task ExecuteActionAsync() => _scenario.ExecuteAsync(_identity);

    /// <summary>The <c>execute_action</c> tool, invoked with the model's parsed arguments.</summary>
    [Benchmark]
    public Task ExecuteActionTool() => _scenario.InvokeAsync(_tool);

    /// <summary>A chat turn: the model asks for <c>execute_action</c>, FunctionInvokingChatClient runs it, the model answers.</summary>
    [Benchmark]
    public Task ChatTurn() => ActionScenario.TurnAsync(_chat, _chatOptions);
}
