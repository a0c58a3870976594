using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Tests.Paging;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Serialization;

/// <summary>
/// The same server answers, our token and the official Node SDK's token: the JSON the frontend
/// receives must be the same, unknown fields included, and so must the requests.
/// </summary>
public sealed class NodeEquivalenceTests : IDisposable
{
    private readonly PicaStub _pica = new();

    [Fact]
    public async Task One_page_with_unknown_fields_gives_the_node_sdks_json()
    {
        var page = ConnectionFaker.Pages(ConnectionFaker.Rows(17, seed: 21), 100)[0];
        page["experiment"] = new JsonObject { ["variant"] = "b", ["weights"] = new JsonArray(0.25, 0.75) };
        page["cursor"] = null;
        _pica.Page(1, PicaStub.Json(page.ToJsonString()));
        _pica.Flags(true);

        await AssertSameAsNodeAsync("""{"identity":"user_123","identityType":"user"}""",
            () => _pica.Client().CreateAsync("user_123", IdentityType.User));
    }

    [Fact]
    public async Task Several_pages_give_the_node_sdks_merged_json()
    {
        var pages = ConnectionFaker.Pages(ConnectionFaker.Rows(264, seed: 22), 100);
        pages[0]["experiment"] = "dropped-by-both-when-merging";
        for (var i = 0; i < pages.Count; i++)
        {
            _pica.Page(i + 1, PicaStub.Json(pages[i].ToJsonString()));
        }

        _pica.Flags(false);

        await AssertSameAsNodeAsync("""{"identity":"team-7","identityType":"team"}""",
            () => _pica.Client().CreateAsync("team-7", IdentityType.Team));
    }

    [Fact]
    public async Task An_empty_request_gives_the_node_sdks_json()
    {
        _pica.Page(1, PicaStub.Json("""{"rows":[],"total":0,"pages":0,"page":1,"requestId":3,"note":"none"}"""));
        _pica.Flags(true);

        await AssertSameAsNodeAsync(null, () => _pica.Client().CreateAsync());
    }

    private async Task AssertSameAsNodeAsync(string? payload, Func<Task<AuthKitTokenResponse>> createOurs)
    {
        var node = await NodeReferenceSdk.CreateTokenAsync(_pica.Url, PicaStub.SecretKey, payload);
        var nodeRequests = _pica.PageRequests().Select(Describe).Order().ToList();
        _pica.Server.ResetLogEntries();

        var ours = JsonSerializer.SerializeToNode(await createOurs(), JsonSerializerOptions.Web)!;
        var ourRequests = _pica.PageRequests().Select(Describe).Order().ToList();

        PagingTests.AssertJsonEqual(node, ours);
        Assert.Equal(nodeRequests, ourRequests);
    }

    private static string Describe(WireMock.IRequestMessage request) =>
        $"{request.Method} {request.Path}{request.RawQuery} secret={request.Headers!["X-Pica-Secret"][0]} body={request.Body}";

    public void Dispose() => _pica.Dispose();
}
