using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Paging;

/// <summary>
/// What Pica may leave out is accepted; what makes no token stays refused, saying what is wrong in the
/// contract's words (which row of which page), and is not retried.
/// </summary>
public sealed class RowShapeRefusalTests : IDisposable
{
    private const string Row = """{"id":"conn_plf_1","connectionDefId":"conn_def_2","type":"gmail","title":"Gmail","image":"i","environment":"test","createdAt":"c","tags":[],"active":true}""";

    private readonly PicaStub _pica = new();

    public RowShapeRefusalTests() => _pica.Flags(true);

    public static TheoryData<ClientMode> Modes => [ClientMode.DependencyInjection, ClientMode.Standalone];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_row_that_is_not_an_object_is_refused_naming_the_row_and_the_page(ClientMode mode)
    {
        _pica.Page(1, PicaStub.Json($$"""{"rows":[{{Row}},{{Row}}],"total":4,"pages":2,"page":1,"requestId":1}"""));
        _pica.Page(2, PicaStub.Json($$"""{"rows":[{{Row}},"conn_plf_9"],"total":4,"pages":2,"page":2,"requestId":2}"""));

        var error = await FailAsync(mode, o => o.PageSize = 2);

        Assert.Equal("Pica's answer to page 2 is not the JSON expected: row 1 (counting from 0) of 'rows' is a JSON string, not an object.", error.Message);
        Assert.Single(_pica.PageRequests(2));
    }

    [Theory]
    [InlineData("""{"rows":{"0":{}},"total":1,"pages":1,"page":1}""", "'rows' is an object, not an array.")]
    [InlineData("""{"rows":7,"total":1,"pages":1,"page":1}""", "'rows' is a JSON number, not an array.")]
    [InlineData("""{"rows":[[]],"total":1,"pages":1,"page":1}""", "row 0 (counting from 0) of 'rows' is an array, not an object.")]
    [InlineData("""{"total":1,"pages":1,"page":1}""", "has no 'rows'")]
    [InlineData("""{"rows":[],"total":-1,"pages":1,"page":1}""", "impossible paging")]
    public async Task What_makes_no_token_stays_refused(string page, string reason)
    {
        _pica.Page(1, PicaStub.Json(page));

        var error = await FailAsync(ClientMode.Standalone);

        Assert.Contains("page 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Single(_pica.PageRequests(1));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_row_with_only_the_required_fields_a_page_without_requestId_and_flags_without_fields_make_the_token(ClientMode mode)
    {
        _pica.Page(1, PicaStub.Json($$"""{"rows":[{{Row}}],"total":1,"pages":1,"page":1}"""));
        _pica.Flags(PicaStub.Json("""{"earlyAccess":[{"name":"x"},2]}"""));

        await using var client = TestClient.Create(mode, Stub);
        var token = await client.AuthKit.CreateAsync("user_1", IdentityType.User);

        var row = Assert.Single(token.Rows);
        Assert.Equal(((PicaId)"conn_plf_1", (PicaId)"conn_def_2"), (row.Id, row.ConnectionDefId));
        Assert.Equal(((string?)null, (string?)null, (string?)null, (string?)null, (string?)null, (string?)null),
            (row.ActivatedAt, row.SecretId, row.ClientSecretDisplay, row.ClientIdDisplay, row.Scopes, row.Guide));
        Assert.Null(token.RequestId);
        Assert.False(token.IsWhiteLabel);
        Assert.DoesNotContain(client.Logs.GetSnapshot(), r => r.Id.Name == "WhiteLabelFallback");
    }

    public void Dispose() => _pica.Dispose();

    private void Stub(AuthKitOptions options)
    {
        var stub = _pica.Options();
        options.BaseUrl = stub.BaseUrl;
        options.SecretKey = stub.SecretKey;
        options.RetryDelay = stub.RetryDelay;
    }

    private async Task<AuthKitException> FailAsync(ClientMode mode, Action<AuthKitOptions>? configure = null)
    {
        await using var client = TestClient.Create(mode, o =>
        {
            Stub(o);
            configure?.Invoke(o);
        });
        return await Assert.ThrowsAsync<AuthKitException>(() => client.AuthKit.CreateAsync("user_1", IdentityType.User));
    }
}
