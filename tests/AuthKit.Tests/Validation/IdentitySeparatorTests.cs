using AuthKit.Testing;

namespace AuthKit.Tests.Validation;

/// <summary>
/// A comma separates the values of Pica's list filters and a vertical bar puts the identity after a
/// connection key: <c>user_123,user_456</c> would read as two identities, <c>user_1|x</c> as part of a
/// key. Every entry point that takes an identity refuses both, names the character, and sends nothing.
/// </summary>
public sealed class IdentitySeparatorTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    public static TheoryData<string, string> Identities => new()
    {
        { "user_123,user_456", "a comma (',') at index 8" },
        { ",user_456", "a comma (',') at index 0" },
        { "user_1|user_2", "a vertical bar ('|') at index 6" },
        { "user_1|", "a vertical bar ('|') at index 6" },
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public async Task The_token_request_refuses_it(string identity, string named)
    {
        var authKit = new AuthKitToken(_pica.CreateOptions());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => authKit.CreateAsync(identity, IdentityType.User));

        Assert.Equal("request", error.ParamName);
        Assert.StartsWith($"AuthKitTokenRequest.Identity contains {named};", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(identity, error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Theory]
    [MemberData(nameof(Identities))]
    public void ForIdentity_refuses_it(string identity, string named)
    {
        var connections = new PicaConnections(_pica.CreateOptions());

        var error = Assert.Throws<ArgumentException>(() => connections.ForIdentity(identity, IdentityType.User));

        Assert.Equal("identity", error.ParamName);
        Assert.StartsWith($"The identity contains {named};", error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Theory]
    [MemberData(nameof(Identities))]
    public async Task A_listing_filtered_by_identity_refuses_it(string identity, string named)
    {
        var connections = new PicaConnections(_pica.CreateOptions());

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in connections.ListAsync(new PicaConnectionQuery { Identity = identity, IdentityType = IdentityType.User }))
            {
            }
        });

        Assert.StartsWith($"PicaConnectionQuery.Identity contains {named};", error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }
}
