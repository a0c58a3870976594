using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Testing;
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

    [Theory]
    [InlineData(PicaAnswerShape.StringIds | PicaAnswerShape.StringRequestId, 40)]
    [InlineData(PicaAnswerShape.StringIds | PicaAnswerShape.StringRequestId, 240)]
    [InlineData(PicaAnswerShape.NullRequestId | PicaAnswerShape.OmittedNullableFields | PicaAnswerShape.ExtraFields, 40)]
    [InlineData(PicaAnswerShape.NullRequestId | PicaAnswerShape.OmittedNullableFields | PicaAnswerShape.ExtraFields, 240)]
    [InlineData(PicaAnswerShape.OmittedRequestId | PicaAnswerShape.OddFlags | PicaAnswerShape.StringIds, 40)]
    [InlineData(PicaAnswerShape.OmittedRequestId | PicaAnswerShape.OddFlags | PicaAnswerShape.StringIds, 240)]
    public async Task The_emulators_answer_shapes_give_the_node_sdks_json(PicaAnswerShape shape, int connections)
    {
        // Twin emulators: the same seed and shape give both SDKs the same answers, request ids included.
        using var forNode = PicaEmulator.Start().SeedConnections(connections, seed: 23).WithAnswerShape(shape).WithWhiteLabel(!shape.HasFlag(PicaAnswerShape.OddFlags));
        using var forUs = PicaEmulator.Start().SeedConnections(connections, seed: 23).WithAnswerShape(shape).WithWhiteLabel(!shape.HasFlag(PicaAnswerShape.OddFlags));

        var node = await NodeReferenceSdk.CreateTokenAsync(forNode.Url, forNode.SecretKey, """{"identity":"user_9","identityType":"user"}""");
        var authKit = new AuthKitToken(forUs.CreateOptions());
        var ours = JsonSerializer.SerializeToNode(await authKit.CreateAsync("user_9", IdentityType.User), JsonSerializerOptions.Web)!;

        var pages = connections > 100 ? 3 : 1;
        Assert.Equal(pages, forUs.ReceivedRequests.Count(r => r.Endpoint == PicaEndpoint.TokenPage));
        Assert.Equal(connections, node["rows"]!.AsArray().Count);

        // Pages 2 and 3 go out together, so which one's request id is 70003 is the scheduler's choice:
        // each token must carry what its own emulator sent for the last page, then the rest must match.
        Assert.Equal(LastRequestId(forNode, pages, shape)?.ToJsonString(), node.AsObject()["requestId"]?.ToJsonString());
        Assert.Equal(LastRequestId(forUs, pages, shape)?.ToJsonString(), ours.AsObject()["requestId"]?.ToJsonString());
        node.AsObject().Remove("requestId");
        ours.AsObject().Remove("requestId");
        PagingTests.AssertJsonEqual(node, WithoutNullsNodeLeftOut(ours, node));
    }

    private static JsonNode? LastRequestId(PicaEmulator pica, int pages, PicaAnswerShape shape)
    {
        var served = pica.ReceivedRequests.Single(r => r.Endpoint == PicaEndpoint.TokenPage && r.Page == pages).RequestId!.Value;
        return AnswerShapeTests.ExpectedRequestId(shape, served) is not { } id ? null
            : id.TryGetInt64(out var number) ? JsonValue.Create(number) : JsonValue.Create(id.ToString());
    }

    // A field Pica left out is absent in the Node SDK's token and null in ours (the issue allows it):
    // everything else must be the same.
    private static JsonNode WithoutNullsNodeLeftOut(JsonNode ours, JsonNode node)
    {
        switch (ours, node)
        {
            case (JsonObject mine, JsonObject theirs):
                foreach (var (name, value) in mine.ToList())
                {
                    if (value is null && !theirs.ContainsKey(name))
                    {
                        mine.Remove(name);
                    }
                    else if (value is not null && theirs[name] is { } other)
                    {
                        WithoutNullsNodeLeftOut(value, other);
                    }
                }

                break;
            case (JsonArray mine, JsonArray theirs):
                for (var i = 0; i < Math.Min(mine.Count, theirs.Count); i++)
                {
                    if (mine[i] is { } value && theirs[i] is { } other)
                    {
                        WithoutNullsNodeLeftOut(value, other);
                    }
                }

                break;
        }

        return ours;
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
