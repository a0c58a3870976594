namespace AuthKit.Tests.Validation;

/// <summary>The bounds of one call, <c>MaxTokenBytes</c> and <c>TotalTimeout</c>, are validated like the other options.</summary>
public sealed class CallBoundOptionsTests
{
    [Fact]
    public void Defaults_bound_a_call_to_64_MiB_and_2_minutes()
    {
        var options = new AuthKitOptions();

        Assert.Equal(64L * 1024 * 1024, options.MaxTokenBytes);
        Assert.Equal(TimeSpan.FromMinutes(2), options.TotalTimeout);
        Assert.Contains("MaxTokenBytes = 67108864", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("TotalTimeout = 00:02:00", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1023L, "MaxTokenBytes")]
    [InlineData(-1L, "MaxTokenBytes")]
    [InlineData((1L << 36) + 1, "MaxTokenBytes")]
    public void MaxTokenBytes_out_of_range_is_refused(long value, string named)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new AuthKitToken(new AuthKitOptions { SecretKey = "sk_test_ok", MaxTokenBytes = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3_600_001)]
    public void TotalTimeout_out_of_range_is_refused(long milliseconds)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new AuthKitToken(new AuthKitOptions { SecretKey = "sk_test_ok", TotalTimeout = TimeSpan.FromMilliseconds(milliseconds) }));

        Assert.Contains("TotalTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bounds_at_their_limits_are_accepted()
    {
        Assert.NotNull(new AuthKitToken(new AuthKitOptions { SecretKey = "sk_test_ok", MaxTokenBytes = 1024, TotalTimeout = TimeSpan.FromMilliseconds(1) }));
        Assert.NotNull(new AuthKitToken(new AuthKitOptions { SecretKey = "sk_test_ok", MaxTokenBytes = 1L << 36, TotalTimeout = TimeSpan.FromHours(1) }));
    }
}
