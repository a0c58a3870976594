using System.Text.Json.Nodes;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace AuthKit.Tests.DependencyInjection;

public sealed class AddAuthKitTests : IDisposable
{
    private readonly PicaStub _pica = new();

    [Fact]
    public async Task Options_bind_from_configuration_and_drive_the_requests()
    {
        _pica.ServeRows(ConnectionFaker.Rows(30, seed: 4), pageSize: 25);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:SecretKey"] = PicaStub.SecretKey,
            ["AuthKit:BaseUrl"] = _pica.Url.ToString(),
            ["AuthKit:PageSize"] = "25",
            ["AuthKit:MaxConcurrentPageRequests"] = "2",
            ["AuthKit:MaxRetries"] = "5",
            ["AuthKit:Timeout"] = "00:00:07",
            ["AuthKit:MaxPages"] = "50",
            ["AuthKit:FlagsGracePeriod"] = "00:00:01",
        }).Build();
        var services = new ServiceCollection();
        services.AddAuthKit(configuration.GetSection(AuthKitOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AuthKitOptions>>().Value;
        var token = await provider.GetRequiredService<IAuthKitToken>().CreateAsync("user_1", IdentityType.User);

        Assert.Equal((25, 2, 5, TimeSpan.FromSeconds(7), 50, TimeSpan.FromSeconds(1)),
            (options.PageSize, options.MaxConcurrentPageRequests, options.MaxRetries, options.Timeout, options.MaxPages, options.FlagsGracePeriod));
        Assert.Equal(30, token.Rows.Count);
        Assert.All(_pica.PageRequests(), r => Assert.Equal(PicaStub.SecretKey, r.Headers!["X-Pica-Secret"][0]));
        Assert.Equal(["?limit=25&page=1", "?limit=25&page=2"], _pica.PageRequests().Select(r => r.RawQuery).Order().ToArray());
    }

    [Fact]
    public async Task ValidateOnStart_fails_the_host_on_a_bad_key_without_quoting_it()
    {
        const string badKey = "sk_live_oops\nX-Evil: 1";
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuthKit(o => o.SecretKey = badKey);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("SecretKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("oops", error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.Requests);
    }

    [Fact]
    public void Without_a_host_the_options_are_validated_on_first_use()
    {
        var services = new ServiceCollection();
        services.AddAuthKit(o => { o.SecretKey = "sk_test_ok"; o.PageSize = -5; });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IAuthKitToken>());

        Assert.Contains("PageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_refit_interface_is_available_for_advanced_use()
    {
        var pages = _pica.ServeRows(ConnectionFaker.Rows(120, seed: 5));
        var services = new ServiceCollection();
        services.AddAuthKit(o => { o.SecretKey = PicaStub.SecretKey; o.BaseUrl = _pica.Url; });
        using var provider = services.BuildServiceProvider();
        var api = provider.GetRequiredService<IPicaAuthKitApi>();

        var page2 = await api.CreateTokenPageAsync(100, 2, new AuthKitTokenRequest { Identity = "u1" });
        var flags = await api.GetUserFlagsAsync();

        Assert.Equal(20, page2.Rows.Count);
        Assert.Equal((long)pages[1]["requestId"]!, page2.RequestId);
        Assert.True(flags.AuthkitWhitelist);
        Assert.Equal("""{"identity":"u1"}""", Assert.Single(_pica.PageRequests()).Body);
    }

    [Fact]
    public void The_refit_client_is_the_source_generated_one()
    {
        var services = new ServiceCollection();
        services.AddAuthKit(o => o.SecretKey = PicaStub.SecretKey);
        using var provider = services.BuildServiceProvider();

        var api = provider.GetRequiredService<IPicaAuthKitApi>();

        // Generated at build time into this SDK's assembly; a reflection client would be a runtime proxy.
        Assert.Same(typeof(IPicaAuthKitApi).Assembly, api.GetType().Assembly);
        Assert.False(api.GetType().Assembly.IsDynamic);
    }

    [Fact]
    public async Task One_resolved_client_serves_concurrent_callers_each_their_own_token()
    {
        _pica.Server.Given(Request.Create().WithPath("/v1/authkit").UsingPost()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json")
            .WithBody(request =>
            {
                var identity = (string)JsonNode.Parse(request.Body!)!["identity"]!;
                return $$"""{"rows":[{"id":1,"connectionDefId":2,"type":"gmail","title":"{{identity}}","tags":[],"active":true}],"total":1,"pages":1,"page":1,"requestId":1}""";
            })
            .WithDelay(TimeSpan.FromMilliseconds(20)));
        _pica.Flags(true);
        var services = new ServiceCollection();
        services.AddAuthKit(o => { o.SecretKey = PicaStub.SecretKey; o.BaseUrl = _pica.Url; });
        using var provider = services.BuildServiceProvider();
        var authKit = provider.GetRequiredService<IAuthKitToken>();
        Assert.Same(authKit, provider.GetRequiredService<IAuthKitToken>());

        var tokens = await Task.WhenAll(Enumerable.Range(0, 48).Select(i => authKit.CreateAsync($"user_{i}", IdentityType.User)));

        for (var i = 0; i < tokens.Length; i++)
        {
            Assert.Equal($"user_{i}", Assert.Single(tokens[i].Rows).Title);
        }
    }

    [Fact]
    public void AddAuthKit_returns_the_http_client_builder_of_the_refit_client()
    {
        var services = new ServiceCollection();

        var builder = services.AddAuthKit(o => o.SecretKey = "sk_test_ok");

        Assert.False(string.IsNullOrEmpty(builder.Name));
        Assert.Contains(services, d => d.ServiceType == typeof(IAuthKitToken) && d.Lifetime == ServiceLifetime.Singleton);
        Assert.Contains(services, d => d.ServiceType == typeof(IPicaAuthKitApi));
    }

    public void Dispose() => _pica.Dispose();
}
