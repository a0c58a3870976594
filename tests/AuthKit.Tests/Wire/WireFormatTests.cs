using System.Text.Json.Nodes;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Wire;

public sealed class WireFormatTests : IDisposable
{
    private readonly PicaStub _pica = new();

    public WireFormatTests() => _pica.ServeRows(ConnectionFaker.Rows(3));

    [Fact]
    public async Task Page_request_carries_secret_header_query_and_camel_case_body()
    {
        await _pica.Client().CreateAsync("user_123", IdentityType.User);

        var page = Assert.Single(_pica.PageRequests());
        Assert.Equal("POST", page.Method);
        Assert.Equal("/v1/authkit", page.Path);
        Assert.Equal("?limit=100&page=1", page.RawQuery);
        Assert.Equal(PicaStub.SecretKey, Assert.Single(page.Headers!["X-Pica-Secret"]));
        Assert.StartsWith("application/json", page.Headers!["Content-Type"][0], StringComparison.Ordinal);
        Assert.Equal(page.Body!.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Headers!["Content-Length"][0]); // not chunked, as the Node SDK
        Assert.Equal("""{"identity":"user_123","identityType":"user"}""", page.Body);
    }

    [Fact]
    public async Task Flags_request_is_a_get_with_the_secret_header()
    {
        await _pica.Client().CreateAsync("user_123", IdentityType.User);

        var flags = Assert.Single(_pica.FlagsRequests);
        Assert.Equal("GET", flags.Method);
        Assert.Equal(PicaStub.SecretKey, Assert.Single(flags.Headers!["X-Pica-Secret"]));
    }

    [Theory]
    [InlineData(IdentityType.User, "user")]
    [InlineData(IdentityType.Team, "team")]
    [InlineData(IdentityType.Organization, "organization")]
    [InlineData(IdentityType.Project, "project")]
    public async Task Identity_types_go_over_the_wire_in_lower_case(IdentityType type, string wire)
    {
        await _pica.Client().CreateAsync("acct_9", type);

        Assert.Equal($$"""{"identity":"acct_9","identityType":"{{wire}}"}""", Assert.Single(_pica.PageRequests()).Body);
    }

    [Fact]
    public async Task Empty_request_sends_an_empty_object()
    {
        await _pica.Client().CreateAsync();

        Assert.Equal("{}", Assert.Single(_pica.PageRequests()).Body);
    }

    [Fact]
    public async Task Only_the_fields_that_are_set_are_sent()
    {
#pragma warning disable CS0618 // the deprecated fields are still part of the wire contract
        await _pica.Client().CreateAsync(new AuthKitTokenRequest { Identity = "user_1", Label = "legacy" });
#pragma warning restore CS0618

        var body = JsonNode.Parse(Assert.Single(_pica.PageRequests()).Body!)!.AsObject();
        Assert.Equal(["identity", "label"], body.Select(p => p.Key).Order().ToArray());
        Assert.Equal("legacy", (string?)body["label"]);
    }

    [Fact]
    public async Task Page_size_is_the_limit_query_parameter()
    {
        await _pica.Client(o => o.PageSize = 250).CreateAsync("user_1", IdentityType.Team);

        Assert.Equal("?limit=250&page=1", Assert.Single(_pica.PageRequests()).RawQuery);
    }

    [Fact]
    public async Task Later_edits_of_the_options_do_not_reach_the_client()
    {
        var options = _pica.Options();
        var client = new AuthKitToken(options);

        options.PageSize = 7;
        options.SecretKey = "sk_test_other";

        await client.CreateAsync();
        var page = Assert.Single(_pica.PageRequests());
        Assert.Equal("?limit=100&page=1", page.RawQuery);
        Assert.Equal(PicaStub.SecretKey, page.Headers!["X-Pica-Secret"][0]);
    }

    public void Dispose() => _pica.Dispose();
}
