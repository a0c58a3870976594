using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Tests.Validation;

public sealed class OptionsValidationTests
{
    // 40 characters: a key read from a file with its line break has that break at index 40.
    private const string Key40 = "sk_test_51HxAbCdEfGhIjKlMnOpQrStUvWxYz01";

    /// <summary>A bad key and what its message must say: what is wrong and where, never the key.</summary>
    public static TheoryData<string, string> KeyProblems => new()
    {
        { "", "AuthKitOptions.SecretKey is not set: set it to your Pica secret key" },
        { "   ", "AuthKitOptions.SecretKey is blank" },
        { Key40 + "\n", "AuthKitOptions.SecretKey has a line break at index 40; keys have no white space. It ends the key: trim" },
        { Key40 + "\r\n", "a line break at index 40; keys have no white space. It ends the key" },
        { Key40 + " ", "a space at index 40; keys have no white space. It ends the key" },
        { " " + Key40, "a space at index 0; keys have no white space. It starts the key" },
        { "sk_test_51Hx\tAbCd", "a tab at index 12; keys have no white space." },
        { "sk_live_abc123\r\nX-Injected: yes", "a line break at index 14; keys have no white space." },
        { "sk_test_abc\u00e9", "a non-ASCII character at index 11; keys hold visible ASCII characters only" },
        { "sk_test_\u200Babc", "an invisible formatting character (such as a zero-width space) at index 8" },
        { "\uFEFF" + Key40, "a byte order mark" },
        { "sk_test_ab\u00A0cd", "a non-breaking space at index 10" },
        { "sk_test_ab\u0007cd", "a control character at index 10" },
        { "pk_live_abc123", "must start with 'sk_live_' or 'sk_test_': the value set is not a Pica secret key" },
        { "sk_prod_abc123", "must start with 'sk_live_' or 'sk_test_'" },
        { "SK_LIVE_ABC", "must start with 'sk_live_' or 'sk_test_' in lower case" },
        { "sk_live_", "AuthKitOptions.SecretKey has nothing after its prefix ('sk_live_')" },
    };

    [Theory]
    [MemberData(nameof(KeyProblems))]
    public void A_bad_key_passed_to_AuthKitToken_says_what_and_where(string key, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new AuthKitToken(key));

        Assert.Equal("secretKey", error.ParamName);
        AssertSaysWithoutQuoting(key, expected, error.Message);
    }

    [Theory]
    [MemberData(nameof(KeyProblems))]
    public async Task A_bad_key_in_configuration_stops_the_host_at_start_saying_what_and_where(string key, string expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AuthKit:SecretKey"] = key });
        builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        AssertSaysWithoutQuoting(key, expected, Assert.Single(error.Failures));
    }

    [Fact]
    public void A_key_copied_with_its_line_break_is_not_told_it_has_the_wrong_prefix()
    {
        // It does start with sk_test_: saying otherwise sends the user looking in the wrong place.
        var error = Assert.Throws<ArgumentException>(() => new AuthKitToken(new AuthKitOptions { SecretKey = Key40 + "\n" }));

        Assert.DoesNotContain("must start with", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void A_missing_key_and_a_malformed_key_get_different_messages()
    {
        var missing = Assert.Throws<ArgumentException>(() => new AuthKitToken(new AuthKitOptions())).Message;
        var malformed = Assert.Throws<ArgumentException>(() => new AuthKitToken(new AuthKitOptions { SecretKey = "sk_test_ab cd" })).Message;

        Assert.Contains("is not set", missing, StringComparison.Ordinal);
        Assert.DoesNotContain("index", missing, StringComparison.Ordinal);
        Assert.Contains("a space at index 10", malformed, StringComparison.Ordinal);
        Assert.DoesNotContain("not set", malformed, StringComparison.Ordinal);
    }

    private static void AssertSaysWithoutQuoting(string key, string expected, string message)
    {
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Single(message.Split("AuthKitOptions.SecretKey").Skip(1)); // one problem, said once

        // Nothing of the key beyond a prefix (which ToString shows too) may appear.
        var visible = new string(key.Where(c => c is > ' ' and <= '~').ToArray());
        if (visible.Length > "sk_live_".Length)
        {
            Assert.DoesNotContain(visible, message, StringComparison.Ordinal);
            Assert.DoesNotContain(visible["sk_live_".Length..], message, StringComparison.Ordinal);
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
            MaxConnectionsPerServer = 0,
            BaseUrl = new Uri("/relative", UriKind.Relative),
        };

        var error = Assert.Throws<ArgumentException>(() => new AuthKitToken(options));

        Assert.Equal("options", error.ParamName);
        foreach (var name in new[] { "PageSize", "MaxConcurrentPageRequests", "MaxRetries", "Timeout", "MaxPages", "MaxConnectionsPerServer must be between 1 and 10000", "BaseUrl" })
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
        Assert.Null(options.MaxConnectionsPerServer); // no bound, as SocketsHttpHandler
    }

    [Fact]
    public async Task MaxConnectionsPerServer_out_of_range_in_configuration_stops_the_host_at_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:SecretKey"] = "sk_test_ok",
            ["AuthKit:MaxConnectionsPerServer"] = "10001",
        });
        builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("AuthKitOptions.MaxConnectionsPerServer must be between 1 and 10000", Assert.Single(error.Failures), StringComparison.Ordinal);
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
