using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Validation;

public sealed class RequestValidationTests : IDisposable
{
    private readonly PicaStub _pica = new();

    public RequestValidationTests() => _pica.ServeRows(ConnectionFaker.Rows(1));

    public static TheoryData<string, string> BadIdentities => new()
    {
        { "", "empty" },
        { "   ", "blank" },
        { "john smith", "white space" },
        { "tenant:42", "colon" },
        { "user\n1", "control character" },
        { "user\t1", "control character" },
        { "user\u30001", "white space" },
        { "user\u00001", "control character" },
        { "user\u200B1", "invisible formatting" },
        { "user\u200F1", "invisible formatting" },
        { "user\u00A01", "white space" },
        { new string('a', 257), "257 characters" },
    };

    [Theory]
    [MemberData(nameof(BadIdentities))]
    public async Task Bad_identities_are_refused_before_anything_is_sent(string identity, string reason)
    {
        var client = _pica.Client();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync(identity, IdentityType.User));

        Assert.Equal("request", error.ParamName);
        Assert.Contains("Identity", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.Requests);
    }

    [Theory]
    [InlineData("high")]
    [InlineData("low")]
    [InlineData("reversed")]
    public async Task Unpaired_surrogates_are_refused(string which)
    {
        // Built here: theory data would be re-encoded, turning the lone surrogate into U+FFFD.
        var identity = which switch
        {
            "high" => "user" + '\uD800' + "x",
            "low" => "user" + '\uDC00',
            _ => "user" + '\uDE80' + '\uD83D',
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _pica.Client().CreateAsync(identity, IdentityType.User));

        Assert.Contains("unpaired surrogate", error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.Requests);
    }

    [Theory]
    [InlineData("user_123")]
    [InlineData("7f9c2ba4-e88f-4e7c-9c3b-0a6d1c1e2f3a")]
    [InlineData("org.acme-team_42@example.com")]
    [InlineData("José-Ñandú")]
    [InlineData("用户_42")]
    [InlineData("user🚀42")]
    public async Task Ordinary_identities_are_sent(string identity)
    {
        await _pica.Client().CreateAsync(identity, IdentityType.User);

        var body = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(_pica.PageRequests()).Body!)!;
        Assert.Equal(identity, (string?)body["identity"]);
    }

    [Fact]
    public async Task An_identity_of_256_characters_is_the_longest_accepted()
    {
        await _pica.Client().CreateAsync(new string('x', 256), IdentityType.User);

        Assert.Single(_pica.PageRequests());
    }

    [Fact]
    public async Task IdentityType_without_identity_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _pica.Client().CreateAsync(new AuthKitTokenRequest { IdentityType = IdentityType.Team }));

        Assert.Equal("request", error.ParamName);
        Assert.Contains("IdentityType", error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.Requests);
    }

    [Fact]
    public async Task Undefined_IdentityType_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _pica.Client().CreateAsync("user_1", (IdentityType)42));

        Assert.Contains("42", error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.Requests);
    }

    [Fact]
    public void Sync_Create_validates_too()
    {
        var error = Assert.Throws<ArgumentException>(() => _pica.Client().Create("a:b", IdentityType.User));

        Assert.Contains("colon", error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.Requests);
    }

    public void Dispose() => _pica.Dispose();
}
