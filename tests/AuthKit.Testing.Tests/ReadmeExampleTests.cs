namespace AuthKit.Testing.Tests;

// The "Testing your code" example of docs/usage.md, verbatim: it must keep compiling and passing.
public sealed class ReadmeExampleTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(250, seed: 1);

    public void Dispose() => _pica.Dispose();

    [Fact]
    public async Task Token_holds_every_connection_and_survives_a_503()
    {
        _pica.FailPage(2, PicaFault.ServiceUnavailable());
        var authKit = new AuthKitToken(_pica.CreateOptions());

        var token = await authKit.CreateAsync("user_123", IdentityType.User);

        Assert.Equal(_pica.Connections.Select(c => c.Id), token.Rows.Select(r => r.Id));
        Assert.Equal(2, _pica.ReceivedRequests.Count(r => r.Page == 2)); // the 503, then the retry
        Assert.All(_pica.ReceivedRequests, r => Assert.True(r.SecretKeyMatched));
    }
}
