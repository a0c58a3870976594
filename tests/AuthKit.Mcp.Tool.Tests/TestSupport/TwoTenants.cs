using AuthKit.Testing;

namespace AuthKit.Mcp.Tool.Tests.TestSupport;

/// <summary>
/// Two tenants on one emulator: user_1, whose tools authkit-mcp serves (gmail and slack connected), and user_2,
/// whose gmail connection must stay out of reach. <see cref="Mentioning"/> finds any request that carried the
/// other tenant's identity, key or id, anywhere in it.
/// </summary>
internal sealed class TwoTenants : IDisposable
{
    public const string Me = "user_1";
    public const string Them = "user_2";

    public TwoTenants(AuthKitPlatform platform = AuthKitPlatform.Pica)
    {
        Pica = PicaEmulator.Start(new PicaEmulatorOptions { Platform = platform });
        MyGmail = Pica.Connect(Me, IdentityType.User, "gmail");
        MySlack = Pica.Connect(Me, IdentityType.User, "slack");
        TheirGmail = Pica.Connect(Them, IdentityType.User, "gmail");
    }

    public PicaEmulator Pica { get; }

    public PicaConnection MyGmail { get; }

    public PicaConnection MySlack { get; }

    public PicaConnection TheirGmail { get; }

    /// <summary>authkit-mcp's settings for user_1 on this emulator, as a host's configuration sets them, plus <paramref name="more"/>.</summary>
    public Dictionary<string, string> Environment(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string>
        {
            ["AuthKit__SecretKey"] = Pica.SecretKey,
            ["AuthKit__Platform"] = Pica.Platform.ToString(),
            ["AuthKit__BaseUrl"] = Pica.Url.ToString(),
            ["AuthKit__Mcp__Identity"] = Me,
            ["AuthKit__Mcp__IdentityType"] = "user",
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Requests that carried the other tenant's identity, its connection's key or id, in any part.</summary>
    public IReadOnlyList<PicaEmulatorRequest> Mentioning() =>
        [.. Pica.ReceivedRequests.Where(r => new[] { Them, TheirGmail.Key, TheirGmail.Id }.Any(value => Carries(r, value)))];

    private static bool Carries(PicaEmulatorRequest request, string value) =>
        request.Path.Contains(value, StringComparison.Ordinal)
        || request.Query.Values.Any(v => v.Contains(value, StringComparison.Ordinal))
        || request.Headers.Values.Any(v => v.Contains(value, StringComparison.Ordinal))
        || (request.Body?.Contains(value, StringComparison.Ordinal) ?? false)
        || request.ConnectionKey == value;

    public void Dispose() => Pica.Dispose();
}
