using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.AspNetCore.Tests.Options;

/// <summary>
/// AuthKit:Endpoint options: defaults only when nothing is configured, normalized origins, and a
/// start that fails with a message naming each bad value.
/// </summary>
public sealed class EndpointOptionsTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    private static AuthKitEndpointOptions Bound(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddAuthKitEndpoint(configuration.GetSection(AuthKitEndpointOptions.SectionName));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AuthKitEndpointOptions>>().Value;
    }

    private async Task<OptionsValidationException> StartFailsAsync(params (string Key, string? Value)[] settings) =>
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = await TokenApp.StartAsync(_pica, settings: settings);
        });

    [Fact]
    public void With_nothing_configured_the_defaults_apply()
    {
        var options = Bound();

        Assert.Equal(["https://authkit.picaos.com"], options.AllowedOrigins);
        Assert.Equal(["Authorization", "Content-Type"], options.AllowedHeaders);
        Assert.False(options.AllowCredentials);
        Assert.Equal(TimeSpan.FromMinutes(10), options.PreflightMaxAge);
        Assert.Null(options.ResolveIdentity);
    }

    [Fact]
    public void A_configured_origin_replaces_the_default_instead_of_being_appended_to_it()
    {
        var options = Bound(("AuthKit:Endpoint:AllowedOrigins:0", "https://x.example"), ("AuthKit:Endpoint:AllowedHeaders:0", "X-Session"));

        Assert.Equal(["https://x.example"], options.AllowedOrigins);
        Assert.Equal(["X-Session"], options.AllowedHeaders);
    }

    [Fact]
    public void Origins_are_normalized_to_what_a_browser_sends_and_deduplicated()
    {
        var options = Bound(
            ("AuthKit:Endpoint:AllowedOrigins:0", " HTTPS://AuthKit.PicaOS.com/ "),
            ("AuthKit:Endpoint:AllowedOrigins:1", "https://authkit.picaos.com:443"),
            ("AuthKit:Endpoint:AllowedOrigins:2", "http://LOCALHOST:5173/"),
            ("AuthKit:Endpoint:AllowedOrigins:3", "http://[::1]:8080"),
            ("AuthKit:Endpoint:AllowedOrigins:4", "https://bücher.example"),
            ("AuthKit:Endpoint:AllowedHeaders:0", " authorization "),
            ("AuthKit:Endpoint:AllowedHeaders:1", "Authorization"));

        Assert.Equal(["https://authkit.picaos.com", "http://localhost:5173", "http://[::1]:8080", "https://xn--bcher-kva.example"], options.AllowedOrigins);
        Assert.Equal(["authorization"], options.AllowedHeaders);
    }

    [Fact]
    public void Options_set_in_code_are_normalized_too_and_the_builder_chains()
    {
        var services = new ServiceCollection();
        services.AddAuthKitEndpoint(o => o.AllowedOrigins.Add("https://Pica.Example.com/")).Configure(o => o.AllowedHeaders.Add("X-Csrf"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AuthKitEndpointOptions>>().Value;

        Assert.Equal(["https://pica.example.com"], options.AllowedOrigins);
        Assert.Equal(["X-Csrf"], options.AllowedHeaders);
    }

    [Theory]
    [InlineData("https://x.example/path", "has a path")]
    [InlineData("https://x.example/?q=1", "has a query")]
    [InlineData("https://x.example#top", "has a fragment")]
    [InlineData("*", "is a wildcard")]
    [InlineData("https://*.example.com", "is a wildcard")]
    [InlineData("ftp://x.example", "has the scheme 'ftp'")]
    [InlineData("x.example", "is not an origin")]
    [InlineData("null", "is not an origin")]
    [InlineData("https://", "is not an origin")]
    [InlineData("https://user:pw@x.example", "has user information")]
    public async Task A_bad_origin_fails_the_start_with_its_value_and_position(string origin, string problem)
    {
        var error = await StartFailsAsync(("AuthKit:Endpoint:AllowedOrigins:0", "https://ok.example"), ("AuthKit:Endpoint:AllowedOrigins:1", origin));

        var message = Assert.Single(error.Failures);
        Assert.Equal($"AuthKitEndpointOptions.AllowedOrigins[1] '{origin}' {problem}", message[..message.IndexOf(problem, StringComparison.Ordinal)] + problem);
        Assert.Equal(typeof(AuthKitEndpointOptions), error.OptionsType);
    }

    [Fact]
    public async Task Every_bad_value_is_named_and_a_hostile_one_is_cleaned_and_bounded()
    {
        var error = await StartFailsAsync(
            ("AuthKit:Endpoint:AllowedOrigins:0", "https://x.example/\r\nINJECTED" + new string('x', 500)),
            ("AuthKit:Endpoint:AllowedHeaders:0", "X Session"),
            ("AuthKit:Endpoint:AllowedHeaders:1", "*"),
            ("AuthKit:Endpoint:AllowedHeaders:2", "X-Ok"),
            ("AuthKit:Endpoint:PreflightMaxAge", "1.00:00:01"));

        Assert.Equal(4, error.Failures.Count());
        var origin = error.Failures.First();
        Assert.StartsWith("AuthKitEndpointOptions.AllowedOrigins[0] 'https://x.example/??INJECTED", origin);
        Assert.DoesNotContain('\n', origin);
        Assert.True(origin.Length < 250, origin);
        Assert.Contains("AuthKitEndpointOptions.AllowedHeaders[0] 'X Session' is not an HTTP header name", error.Message);
        Assert.Contains("AuthKitEndpointOptions.AllowedHeaders[1] '*' is a wildcard", error.Message);
        Assert.DoesNotContain("X-Ok", error.Message);
        Assert.Contains("AuthKitEndpointOptions.PreflightMaxAge must be between 00:00:00 and 1.00:00:00", error.Message);
    }

    [Fact]
    public async Task An_origin_list_emptied_after_the_defaults_fails_the_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = await TokenApp.StartAsync(_pica, services: b =>
                b.Services.PostConfigure<AuthKitEndpointOptions>(o => o.AllowedOrigins.Clear()));
        });

        Assert.Contains("AuthKitEndpointOptions.AllowedOrigins is empty", error.Message);
    }

    [Fact]
    public void ValidateOnStart_is_registered_so_a_host_fails_before_serving()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAuthKit(o => o.SecretKey = "sk_test_x");
        builder.Services.AddAuthKitEndpoint(o => o.AllowedOrigins.Add("https://x.example/path"));
        using var app = builder.Build();
        app.MapAuthKitToken();

        var error = Assert.Throws<OptionsValidationException>(() => app.StartAsync().GetAwaiter().GetResult());

        Assert.Contains("'https://x.example/path' has a path", error.Message);
    }
}
