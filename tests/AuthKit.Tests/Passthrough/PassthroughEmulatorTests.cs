using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using AuthKit.Testing;

namespace AuthKit.Tests.Passthrough;

/// <summary>The SDK's passthrough client over the emulator: bytes in equal bytes out, other identities' keys send nothing.</summary>
public sealed class PassthroughEmulatorTests : IDisposable
{
    private const string Action = "conn_mod_def::GAAA::BBB";
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    private IPicaIdentityConnections Mine() => new PicaConnections(_pica.CreateOptions()).ForIdentity("user_1", IdentityType.User);

    [Fact]
    public async Task A_300_KB_binary_body_is_hashed_the_same_on_both_sides()
    {
        var mine = _pica.Connect("user_1", IdentityType.User, "gmail");
        var body = new byte[300 * 1024];
        new Random(18).NextBytes(body);
        using var http = await Mine().CreatePassthroughClientAsync(mine.Key, Action);

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync("upload?name=a.bin", content);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant(), echo.RootElement.GetProperty("bodySha256").GetString());
        Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
    }

    [Fact]
    public async Task Another_identitys_key_is_refused_and_nothing_reaches_the_passthrough()
    {
        _pica.Connect("user_1", IdentityType.User, "gmail");
        var theirs = _pica.Connect("user_2", IdentityType.User, "gmail");

        await Assert.ThrowsAsync<PicaConnectionRefusedException>(() => Mine().CreatePassthroughClientAsync(theirs.Key, Action));

        Assert.DoesNotContain(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough || r.ConnectionKey == theirs.Key);
    }
}
