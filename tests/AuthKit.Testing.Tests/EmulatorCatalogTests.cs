using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static AuthKit.Testing.Tests.RawHttp;

namespace AuthKit.Testing.Tests;

/// <summary>The emulator's action catalogue over a raw HttpClient: the filters, the search, the knowledge's ETag and 304, the key check, the shapes.</summary>
public sealed class EmulatorCatalogTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    [Fact]
    public async Task Connectors_are_an_envelope_and_authkit_true_keeps_the_authkit_ones()
    {
        using var client = Client(_pica);

        var all = await JsonAsync(await client.GetAsync("v1/available-connectors"));
        var authKit = await JsonAsync(await client.GetAsync("v1/available-connectors?authkit=true"));

        Assert.Equal(6, all.GetProperty("total").GetInt32());
        Assert.Equal(["gmail", "google-calendar", "slack"], authKit.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("platform").GetString()));
        Assert.Equal(PicaEndpoint.ConnectorList, _pica.ReceivedRequests[^1].Endpoint);
    }

    [Fact]
    public async Task Search_is_a_bare_array_of_the_platforms_actions_whose_title_has_the_words()
    {
        using var client = Client(_pica);

        var found = await JsonAsync(await client.GetAsync("v1/available-actions/search/gmail?query=message&limit=5&executeAgent=true"));

        Assert.Equal(JsonValueKind.Array, found.ValueKind);
        Assert.Equal(
            [PicaEmulator.GmailDeleteMessageAction, PicaEmulator.GmailGetMessageAction, PicaEmulator.GmailListMessagesAction],
            found.EnumerateArray().Select(a => a.GetProperty("systemId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(PicaEndpoint.ActionSearch, _pica.ReceivedRequests[^1].Endpoint);
    }

    [Fact]
    public async Task Knowledge_carries_an_etag_and_answers_304_to_it()
    {
        using var client = Client(_pica);
        var url = "v1/knowledge?_id=" + Uri.EscapeDataString(PicaEmulator.GmailCustomSendAction);

        using var first = await client.GetAsync(url);
        var etag = first.Headers.ETag;
        var row = (await JsonAsync(first)).GetProperty("rows")[0];
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag!);
        using var second = await client.SendAsync(again);

        Assert.Equal(("POST", "/gmail/send-email", "custom"), (row.GetProperty("method").GetString(), row.GetProperty("path").GetString(), row.GetProperty("tags")[0].GetString()));
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal([PicaEndpoint.Knowledge, PicaEndpoint.Knowledge], _pica.ReceivedRequests.Select(r => r.Endpoint));
    }

    [Fact]
    public async Task A_stale_etag_gets_the_knowledge_again()
    {
        using var client = Client(_pica);
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/knowledge?_id=" + Uri.EscapeDataString(PicaEmulator.GmailGetMessageAction));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await JsonAsync(response)).GetProperty("rows").EnumerateArray());
    }

    [Fact]
    public async Task The_catalogue_needs_the_secret_key()
    {
        using var client = Client(_pica, "sk_test_wrong");

        using var response = await client.GetAsync("v1/available-actions/gmail");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Bare_catalogue_lists_drop_the_envelope()
    {
        _pica.WithAnswerShape(PicaAnswerShape.BareCatalogLists);
        using var client = Client(_pica);

        var actions = await JsonAsync(await client.GetAsync("v1/available-actions/slack"));
        var knowledge = await JsonAsync(await client.GetAsync("v1/knowledge?_id=" + Uri.EscapeDataString(PicaEmulator.SlackUploadFileAction)));

        Assert.Equal(2, actions.GetArrayLength());
        Assert.Equal(PicaEmulator.SlackUploadFileAction, knowledge[0].GetProperty("_id").GetString());
    }

    [Fact]
    public async Task Seeded_bulk_actions_have_knowledge()
    {
        _pica.SeedActions(3);
        using var client = Client(_pica);

        var knowledge = await JsonAsync(await client.GetAsync("v1/knowledge?_id=conn_mod_def::bulk::2"));

        Assert.Equal("/bulk/{{id}}", knowledge.GetProperty("rows")[0].GetProperty("path").GetString());
    }
}
