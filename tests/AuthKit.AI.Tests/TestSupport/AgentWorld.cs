using AuthKit.Testing;
using Microsoft.Extensions.AI;

namespace AuthKit.AI.Tests.TestSupport;

/// <summary>
/// Two tenants on one emulator: user_1, whose tools are under test (gmail and slack connected), and user_2,
/// whose gmail connection a hostile model goes after. <see cref="Mentioning"/> finds any request that
/// carried the other tenant's identity or key, anywhere in it.
/// </summary>
internal sealed class AgentWorld : IDisposable
{
    public const string Me = "user_1";
    public const string Them = "user_2";

    public AgentWorld(AuthKitPlatform platform = AuthKitPlatform.Pica)
    {
        Pica = PicaEmulator.Start(new PicaEmulatorOptions { Platform = platform });
        MyGmail = Pica.Connect(Me, IdentityType.User, "gmail");
        MySlack = Pica.Connect(Me, IdentityType.User, "slack");
        TheirGmail = Pica.Connect(Them, IdentityType.User, "gmail");
        Connections = new PicaConnections(Pica.CreateOptions());
    }

    public PicaEmulator Pica { get; }

    public PicaConnections Connections { get; }

    public PicaConnection MyGmail { get; }

    public PicaConnection MySlack { get; }

    public PicaConnection TheirGmail { get; }

    public IPicaIdentityConnections Mine => Connections.ForIdentity(Me, IdentityType.User);

    public IReadOnlyList<AIFunction> Tools(PicaToolOptions? options = null) => Mine.CreateAITools(options);

    public AIFunction Tool(string name, PicaToolOptions? options = null) => Tools(options).Single(t => t.Name == name);

    public IChatClient Chat(params Func<ScriptedTurn, ChatMessage>[] turns) =>
        new ChatClientBuilder(new ScriptedChatClient(turns)).UseFunctionInvocation().Build();

    /// <summary>Requests that carried the other tenant's identity, its connection's key or id, in any part.</summary>
    public IReadOnlyList<PicaEmulatorRequest> Mentioning() =>
        [.. Pica.ReceivedRequests.Where(r => new[] { Them, TheirGmail.Key, TheirGmail.Id }.Any(secret => Carries(r, secret)))];

    private static bool Carries(PicaEmulatorRequest request, string value) =>
        request.Path.Contains(value, StringComparison.Ordinal)
        || request.Query.Values.Any(v => v.Contains(value, StringComparison.Ordinal))
        || request.Headers.Values.Any(v => v.Contains(value, StringComparison.Ordinal))
        || (request.Body?.Contains(value, StringComparison.Ordinal) ?? false)
        || request.ConnectionKey == value;

    public void Dispose() => Pica.Dispose();
}
