using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.Tests.Validation;

/// <summary><c>WhiteLabelCacheDuration</c>: 5 minutes by default, zero (off) to 24 hours, refused outside before any request.</summary>
public sealed class WhiteLabelCacheOptionsTests
{
    [Fact]
    public void The_default_is_5_minutes_and_ToString_shows_it()
    {
        var options = new AuthKitOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), options.WhiteLabelCacheDuration);
        Assert.Contains("WhiteLabelCacheDuration = 00:05:00", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24 * 3600 + 1)]
    public void Out_of_range_is_refused_by_the_constructor_and_at_host_start(int seconds)
    {
        var value = TimeSpan.FromSeconds(seconds);

        var error = Assert.Throws<ArgumentException>(() =>
            new AuthKitToken(new AuthKitOptions { SecretKey = "sk_test_ok", WhiteLabelCacheDuration = value }));
        Assert.Contains("AuthKitOptions.WhiteLabelCacheDuration must be between 00:00:00 and 1.00:00:00", error.Message, StringComparison.Ordinal);

        var services = new ServiceCollection();
        services.AddAuthKit(o =>
        {
            o.SecretKey = "sk_test_ok";
            o.WhiteLabelCacheDuration = value;
        });
        using var provider = services.BuildServiceProvider();
        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IAuthKitToken>());
        Assert.Contains(refused.Failures, f => f.Contains("WhiteLabelCacheDuration", StringComparison.Ordinal));
    }

    [Fact]
    public void Zero_and_24_hours_are_accepted()
    {
        Assert.NotNull(new AuthKitToken(new AuthKitOptions { SecretKey = "sk_test_ok", WhiteLabelCacheDuration = TimeSpan.Zero }));
        Assert.NotNull(new AuthKitToken(new AuthKitOptions { SecretKey = "sk_test_ok", WhiteLabelCacheDuration = TimeSpan.FromHours(24) }));
    }
}
