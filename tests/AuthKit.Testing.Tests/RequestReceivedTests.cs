using System.Collections.Concurrent;

namespace AuthKit.Testing.Tests;

/// <summary>PicaEmulatorOptions.RequestReceived: called once per request with the record ReceivedRequests gets.</summary>
public sealed class RequestReceivedTests
{
    [Fact]
    public async Task The_callback_sees_every_request_once_as_ReceivedRequests_records_it()
    {
        var seen = new ConcurrentQueue<PicaEmulatorRequest>();
        using var pica = PicaEmulator.Start(new PicaEmulatorOptions { RequestReceived = seen.Enqueue }).SeedConnections(250, seed: 2);
        var authKit = new AuthKitToken(pica.CreateOptions());

        await authKit.CreateAsync("user_123", IdentityType.User);
        await Assert.ThrowsAsync<AuthKitApiException>(() =>
            new AuthKitToken(new AuthKitOptions { BaseUrl = pica.Url, SecretKey = "sk_test_not_the_emulators", MaxRetries = 0 }).CreateAsync("user_123", IdentityType.User));

        Assert.Equal(pica.ReceivedRequests, seen.OrderBy(r => r.Sequence));
        Assert.Contains(seen, r => r is { Page: 3, SecretKeyMatched: true });
        Assert.Contains(seen, r => r is { Page: 1, SecretKeyMatched: false, StatusCode: System.Net.HttpStatusCode.Unauthorized });
    }
}
