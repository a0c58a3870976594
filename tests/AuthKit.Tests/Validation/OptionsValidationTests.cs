namespace AuthKit.Tests.Validation;

public sealed class OptionsValidationTests
{
    public static TheoryData<string> BadKeys => new()
    {
        "",
        "pk_live_abc123",
        "sk_prod_abc123",
        "sk_live_",
        "sk_live_abc 123",
        "sk_live_abc123\r\nX-Injected: yes",
        "sk_test_abc\u00e9",
        "SK_LIVE_ABC",
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Malformed_keys_are_refused_without_being_quoted(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new AuthKitToken(key));

        Assert.Equal("secretKey", error.ParamName);
        Assert.Contains("SecretKey", error.Message, StringComparison.Ordinal);
        if (key.Length > "sk_live_".Length)
        {
            Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Null_key_is_an_ArgumentNullException()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new AuthKitToken((string)null!));

        Assert.Equal("secretKey", error.ParamName);
    }

    [Theory]
    [InlineData("sk_live_51HxAbCdEf")]
    [InlineData("sk_test_a-b.c_d~e!f")]
    public void Well_formed_keys_are_accepted(string key) => Assert.NotNull(new AuthKitToken(key));

    [Fact]
    public void Every_invalid_option_is_named()
    {
        var options = new AuthKitOptions
        {
            SecretKey = "sk_test_ok",
            PageSize = 0,
            MaxConcurrentPageRequests = 0,
            MaxRetries = -1,
            Timeout = TimeSpan.Zero,
            MaxPages = 0,
            BaseUrl = new Uri("/relative", UriKind.Relative),
        };

        var error = Assert.Throws<ArgumentException>(() => new AuthKitToken(options));

        Assert.Equal("options", error.ParamName);
        foreach (var name in new[] { "PageSize", "MaxConcurrentPageRequests", "MaxRetries", "Timeout", "MaxPages", "BaseUrl" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ftp_base_url_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new AuthKitToken(new AuthKitOptions { SecretKey = "sk_test_ok", BaseUrl = new Uri("ftp://picaos.com") }));

        Assert.Contains("BaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_match_the_official_sdks()
    {
        var options = new AuthKitOptions();

        Assert.Equal(new Uri("https://api.picaos.com"), options.BaseUrl);
        Assert.Equal(100, options.PageSize);
        Assert.Equal(3, options.MaxConcurrentPageRequests);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(1000, options.MaxPages);
    }

    [Theory]
    [InlineData("sk_live_51HxSuperSecret", "sk_live_***")]
    [InlineData("sk_test_51HxSuperSecret", "sk_test_***")]
    [InlineData("garbage-key-value", "***")]
    public void ToString_never_shows_the_key(string key, string shown)
    {
        var text = new AuthKitOptions { SecretKey = key }.ToString();

        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain("SuperSecret", text, StringComparison.Ordinal);
        Assert.Contains($"SecretKey = {shown}", text, StringComparison.Ordinal);
    }
}
