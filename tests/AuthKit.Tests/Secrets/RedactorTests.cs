using System.Net;
using System.Text.Json;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Secrets;

/// <summary>
/// The one cleaning every emitted string passes: each encoding an echo may use, a key cut off at a
/// bound, a rotated key, URLs' user information, control characters and length.
/// </summary>
public sealed class RedactorTests
{
    private const string Key = "sk_test_Red4ct+Canary/9Lm<Qz>2&Wx'7";
    private const string Mark = "[REDACTED]";

    private readonly Redactor _redactor = new(() => [Key]);

    public static TheoryData<string, string> Encodings => new()
    {
        { "as written", Key },
        { "System.Text.Json's default escaping", JsonSerializer.Serialize(Key).Trim('"') },
        { "\\uXXXX for every character, lower-case hex", string.Concat(Key.Select(c => $"\\u{(int)c:x4}")) },
        { "\\uXXXX for every character, upper-case hex", string.Concat(Key.Select(c => $"\\u{(int)c:X4}")) },
        { "\\/ and \\'", Key.Replace("/", "\\/", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) },
        { "URL-encoded", Uri.EscapeDataString(Key) },
        { "URL-encoded, every character, lower-case hex", string.Concat(Key.Select(c => $"%{(int)c:x2}")) },
        { "HTML decimal references", string.Concat(Key.Select(c => $"&#{(int)c};")) },
        { "HTML hex references", string.Concat(Key.Select(c => $"&#x{(int)c:X};")) },
        { "JSON escapes inside a JSON string", JsonSerializer.Serialize(JsonSerializer.Serialize(Key)).Trim('"') },
        { "URL-encoded inside a JSON string", JsonSerializer.Serialize(Uri.EscapeDataString(Key)).Trim('"') },
        { "mixed, character by character", string.Concat(Key.Select((c, i) => (i % 3) switch { 0 => $"\\u{(int)c:x4}", 1 => $"%{(int)c:X2}", _ => c.ToString() })) },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void The_key_is_redacted_in_every_encoding_and_the_text_around_it_kept(string encoding, string encoded)
    {
        var cleaned = _redactor.Clean($"{{\"error\":\"bad key {encoded} given\"}}");

        var sweeper = new SecretSweeper(Key);
        sweeper.Text(encoding, cleaned);
        Assert.Empty(sweeper.Findings);
        Assert.StartsWith("{\"error\":\"bad key ", cleaned, StringComparison.Ordinal);
        Assert.EndsWith(" given\"}", cleaned, StringComparison.Ordinal);
        Assert.Contains(Mark, cleaned, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_cut_off_by_a_bound_is_redacted_from_its_12th_character_on()
    {
        Assert.Equal($"body … {Mark}", _redactor.Clean("body … " + Key[..12]));
        Assert.Equal($"body … {Mark}", _redactor.Clean("body … " + Key[..25]));

        // The environment prefix alone says nothing secret and stays readable in messages.
        Assert.Equal("must start with sk_test_ or sk_live_", _redactor.Clean("must start with sk_test_ or sk_live_"));
    }

    [Fact]
    public void Every_key_the_client_held_is_redacted_after_a_rotation()
    {
        var options = ValidatedOptions.ForClient(new AuthKitOptions { SecretKey = "sk_test_OldRotatedKey0123456789" }, "options");
        Assert.Null(options.TryReplace(new AuthKitOptions { SecretKey = "sk_test_NewRotatedKey9876543210" }, out var changed));

        Assert.Equal(["SecretKey"], changed);
        Assert.Equal(
            $"old {Mark}, new {Mark}",
            options.Redactor.Clean("old sk_test_OldRotatedKey0123456789, new sk_test_NewRotatedKey9876543210"));
    }

    [Theory]
    [InlineData("proxy 'http://authkit:Pr0xyPassw0rd@127.0.0.1:8080/' refused", "proxy 'http://[REDACTED]@127.0.0.1:8080/' refused")]
    [InlineData("https://user@example.test/path", "https://[REDACTED]@example.test/path")]
    [InlineData("{\"proxy\":\"http:\\/\\/u:p%40ss@proxy.test\"}", "{\"proxy\":\"http:\\/\\/[REDACTED]@proxy.test\"}")]
    [InlineData("mail me at someone@example.test", "mail me at someone@example.test")]
    public void User_information_in_URLs_is_redacted(string text, string expected) =>
        Assert.Equal(expected, _redactor.Clean(text));

    [Fact]
    public void Control_and_invisible_characters_are_replaced_and_visible_text_kept()
    {
        var cleaned = _redactor.Clean("a\u001b[31mb\r\nc\td\u0000e\u202Ef\u200Bg\u2028h\u0085i\uD800j 😀 é 日本");

        Assert.Equal("a\uFFFD[31mb  c d\uFFFDe\uFFFDf\uFFFDg h\uFFFDi\uFFFDj 😀 é 日本", cleaned);
    }

    [Fact]
    public void Length_is_bounded_and_a_key_across_the_bound_never_shows_in_part()
    {
        var text = new string('x', Redactor.MaxLength - 5) + Key + new string('y', 5000);

        var cleaned = _redactor.Clean(text);

        Assert.Equal(Redactor.MaxLength, cleaned.Length);
        Assert.EndsWith("…", cleaned, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..5], cleaned[(Redactor.MaxLength - 10)..], StringComparison.Ordinal);
        Assert.Null(_redactor.Clean((string?)null));
    }

    [Fact]
    public void An_exception_chain_is_copied_clean_keeping_types_error_codes_and_stack()
    {
        Exception thrown;
        try
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "invalid header", new HttpIOException(HttpRequestError.InvalidResponse, $"line 'X-Pica-Secret {Key}'"), HttpStatusCode.BadGateway);
        }
        catch (HttpRequestException ex)
        {
            thrown = ex;
        }

        var cleaned = Assert.IsType<HttpRequestException>(_redactor.Clean(thrown));

        Assert.NotSame(thrown, cleaned);
        Assert.Equal(HttpRequestError.InvalidResponse, cleaned.HttpRequestError);
        Assert.Equal(HttpStatusCode.BadGateway, cleaned.StatusCode);
        var inner = Assert.IsType<HttpIOException>(cleaned.InnerException);
        Assert.Equal($"line 'X-Pica-Secret {Mark}' (InvalidResponse)", inner.Message);
        Assert.Contains(nameof(An_exception_chain_is_copied_clean_keeping_types_error_codes_and_stack), cleaned.ToString(), StringComparison.Ordinal);

        var harmless = new HttpRequestException("Connection refused (127.0.0.1:1)");
        Assert.Same(harmless, _redactor.Clean(harmless));
    }

    [Fact]
    public void Every_option_is_classified_as_followed_at_runtime_or_fixed_at_start()
    {
        var settable = typeof(AuthKitOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order();

        Assert.Equal(settable, ValidatedOptions.Followed.Select(m => m.Name).Order());
        Assert.Equal(
            ["BaseUrl", "MaxConnectionsPerServer", "MaxRetries", "MaxRetryDelay", "Platform", "PooledConnectionLifetime", "RetryDelay", "Timeout"],
            ValidatedOptions.Followed.Where(m => m.AtStartOnly).Select(m => m.Name).Order());
    }
}
