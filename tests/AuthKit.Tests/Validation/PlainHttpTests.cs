using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Tests.Validation;

/// <summary>
/// Over plain http the secret key travels in cleartext: refused for any host that is not loopback,
/// at host start and in the constructor, before anything is sent; loopback stays allowed for
/// emulators and tests.
/// </summary>
public sealed class PlainHttpTests
{
    private const string LiveKey = "sk_live_51HxPlainHttpProbe0123";

    public static TheoryData<string> RemoteHttp => new()
    {
        "http://api.picaos.com",
        "http://api.picaos.com:443/",
        "http://10.0.0.7:8080",
        "http://0.0.0.0:5080",
        "http://[fe80::1]:8080",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "HTTP://API.PICAOS.COM",
    };

    public static TheoryData<string> Loopback => new()
    {
        "http://localhost:5080",
        "http://LOCALHOST:5080",
        "http://127.0.0.1:5080",
        "http://127.8.9.10",
        "http://[::1]:5080",
        "https://api.picaos.com",
    };

    [Theory]
    [MemberData(nameof(RemoteHttp))]
    public void The_constructor_refuses_plain_http_off_loopback_saying_why(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new AuthKitToken(new AuthKitOptions { SecretKey = LiveKey, BaseUrl = new Uri(url) }));

        Assert.Equal("options", error.ParamName);
        Assert.Contains("BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("cleartext", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PlainHttpProbe", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RemoteHttp))]
    public async Task Host_start_refuses_plain_http_off_loopback_before_anything_is_sent(string url)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuthKit(o => { o.SecretKey = LiveKey; o.BaseUrl = new Uri(url); });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("cleartext", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Loopback))]
    public void Loopback_http_and_https_are_accepted(string url) =>
        Assert.NotNull(new AuthKitToken(new AuthKitOptions { SecretKey = LiveKey, BaseUrl = new Uri(url) }));

    [Fact]
    public async Task The_emulator_on_loopback_http_still_works_through_AddAuthKit()
    {
        using var pica = new PicaStub();
        pica.ServeRows(ConnectionFaker.Rows(3, seed: 95));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuthKit(o => { o.SecretKey = PicaStub.SecretKey; o.BaseUrl = pica.Url; });
        using var host = builder.Build();
        await host.StartAsync();

        var token = await host.Services.GetRequiredService<IAuthKitToken>().CreateAsync("user_1", IdentityType.User);

        Assert.Equal("http", pica.Url.Scheme);
        Assert.Equal(3, token.Rows.Count);
        await host.StopAsync();
    }
}
