using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.Tests.Platforms;

/// <summary>AuthKit:Platform: bound from configuration, choosing the default BaseUrl, and refused when BaseUrl is the other platform's.</summary>
public sealed class PlatformOptionsTests
{
    private const string Key = "sk_test_platform_options_0123456789";

    [Theory]
    [InlineData(AuthKitPlatform.Pica, "https://api.picaos.com/")]
    [InlineData(AuthKitPlatform.One, "https://api.withone.ai/")]
    public void Without_a_BaseUrl_the_platforms_own_API_is_used(AuthKitPlatform platform, string expected)
    {
        Assert.Equal(new Uri(expected), new AuthKitOptions { Platform = platform }.BaseUrl);
    }

    [Fact]
    public void AuthKit_Platform_is_bound_from_configuration_and_the_default_BaseUrl_follows_it()
    {
        var options = Bound(("AuthKit:Platform", "One"));

        Assert.Equal(AuthKitPlatform.One, options.Platform);
        Assert.Equal(new Uri("https://api.withone.ai/"), options.BaseUrl);
    }

    [Theory]
    [InlineData(AuthKitPlatform.One, "https://api.picaos.com", "set AuthKit:Platform to Pica, or change AuthKit:BaseUrl to One's API (https://api.withone.ai)")]
    [InlineData(AuthKitPlatform.Pica, "https://api.withone.ai/", "set AuthKit:Platform to One, or change AuthKit:BaseUrl to Pica's API (https://api.picaos.com)")]
    public void A_BaseUrl_on_the_other_platforms_host_is_refused_with_the_fix(AuthKitPlatform platform, string baseUrl, string fix)
    {
        var ex = Assert.Throws<ArgumentException>(() => new AuthKitToken(new AuthKitOptions { SecretKey = Key, Platform = platform, BaseUrl = new Uri(baseUrl) }));

        Assert.Contains(fix, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void At_start_the_host_refuses_a_mismatched_platform()
    {
        using var services = Services(("AuthKit:Platform", "Pica"), ("AuthKit:BaseUrl", "https://api.withone.ai"));

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IAuthKitToken>());

        Assert.Contains("set AuthKit:Platform to One", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_platform_is_refused_naming_the_choices()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AuthKitToken(new AuthKitOptions { SecretKey = Key, Platform = (AuthKitPlatform)7 }));

        Assert.Contains("AuthKitOptions.Platform must be Pica or One", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reload_that_changes_the_platform_is_refused_until_a_restart()
    {
        using var validated = ValidatedOptions.ForClient(new AuthKitOptions { SecretKey = Key }, "options");

        var refusal = validated.TryReplace(new AuthKitOptions { SecretKey = Key, Platform = AuthKitPlatform.One }, out _);

        Assert.NotNull(refusal);
        Assert.Contains("Platform", refusal, StringComparison.Ordinal);
        Assert.Equal(AuthKitPlatform.Pica, validated.Current.Platform);
    }

    private static AuthKitOptions Bound(params (string Key, string Value)[] settings)
    {
        using var services = Services([("AuthKit:SecretKey", Key), .. settings]);
        return services.GetRequiredService<IOptions<AuthKitOptions>>().Value;
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AuthKit:SecretKey"] = Key })
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddAuthKit(configuration.GetSection(AuthKitOptions.SectionName));
        return collection.BuildServiceProvider();
    }
}
