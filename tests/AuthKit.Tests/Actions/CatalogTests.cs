using AuthKit.Testing;

namespace AuthKit.Tests.Actions;

/// <summary>
/// The catalogue over the emulator, in both dialects: the <c>{rows, total, pages, page}</c> envelope and
/// the bare array. What was asked for is read from the emulator's request log; unknown fields are kept.
/// </summary>
public sealed class CatalogTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    private PicaCatalog Catalog() => new(_pica.CreateOptions());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AuthKit_connectors_are_listed_with_the_filter_sent_and_their_unknown_fields_kept(bool bare)
    {
        _pica.WithAnswerShape(bare ? PicaAnswerShape.BareCatalogLists : PicaAnswerShape.Default);

        var connectors = await Catalog().ListConnectorsAsync(new PicaConnectorQuery { AuthKit = true }).ToListAsync();

        Assert.Equal(["gmail", "google-calendar", "slack"], connectors.Select(c => c.Platform));
        Assert.All(connectors, c => Assert.True(c.AdditionalProperties!.ContainsKey("oauth") && c.AdditionalProperties.ContainsKey("tools")));
        var asked = Assert.Single(_pica.ReceivedRequests);
        Assert.Equal((PicaEndpoint.ConnectorList, "true", "1"), (asked.Endpoint, asked.Query["authkit"], asked.Query["page"]));
    }

    [Fact]
    public async Task Connector_filters_go_on_the_query()
    {
        var connectors = await Catalog().ListConnectorsAsync(new PicaConnectorQuery { Category = "Productivity", Name = "Notion" }).ToListAsync();

        Assert.Equal("notion", Assert.Single(connectors).Platform);
        var asked = Assert.Single(_pica.ReceivedRequests);
        Assert.Equal(("Productivity", "Notion"), (asked.Query["category"], asked.Query["name"]));
        Assert.False(asked.Query.ContainsKey("authkit"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_platforms_actions_are_read_from_either_shape(bool bare)
    {
        _pica.WithAnswerShape(bare ? PicaAnswerShape.BareCatalogLists : PicaAnswerShape.Default);

        var page = await Catalog().ListActionsAsync("gmail");

        Assert.Equal((5, 1, 1), (page.Total, page.Pages, page.Page));
        var get = Assert.Single(page.Rows, r => r.SystemId == PicaEmulator.GmailGetMessageAction);
        Assert.Equal(("GET", "/gmail/v1/users/{{userId}}/messages/{{messageId}}", "gmail"), (get.Method, get.Path, get.Platform));
        Assert.Equal(["custom"], Assert.Single(page.Rows, r => r.SystemId == PicaEmulator.GmailCustomSendAction).Tags!);
        var asked = Assert.Single(_pica.ReceivedRequests);
        Assert.Equal((PicaEndpoint.ActionList, "/v1/available-actions/gmail"), (asked.Endpoint, asked.Path));
    }

    [Theory]
    [InlineData(PicaActionSearchPurpose.Execute, "executeAgent")]
    [InlineData(PicaActionSearchPurpose.Knowledge, "knowledgeAgent")]
    public async Task Search_answers_a_bare_array_of_the_titles_that_match_and_sends_its_purpose(PicaActionSearchPurpose purpose, string flag)
    {
        var found = await Catalog().SearchActionsAsync("gmail", "send email", purpose: purpose);

        Assert.Equal(
            [PicaEmulator.GmailCustomSendAction, PicaEmulator.GmailSendEmailAction],
            found.Select(a => a.SystemId).Order(StringComparer.Ordinal));
        var asked = Assert.Single(_pica.ReceivedRequests);
        Assert.Equal((PicaEndpoint.ActionSearch, "send email", "5", "true"), (asked.Endpoint, asked.Query["query"], asked.Query["limit"], asked.Query[flag]));
        Assert.Single(asked.Query.Keys, k => k.EndsWith("Agent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Knowledge_is_asked_by_the_prefixed_id_and_read_from_either_shape_with_unknown_fields_kept(bool bare)
    {
        _pica.WithAnswerShape(bare ? PicaAnswerShape.BareCatalogLists : PicaAnswerShape.Default);

        var knowledge = await Catalog().GetActionAsync("GmailMsg::get-message");

        Assert.NotNull(knowledge);
        Assert.Equal(
            (PicaEmulator.GmailGetMessageAction, "gmail", "GET", "/gmail/v1/users/{{userId}}/messages/{{messageId}}", true),
            (knowledge.Id, knowledge.ConnectionPlatform, knowledge.Method, knowledge.Path, knowledge.Active));
        Assert.Contains("messageId", knowledge.Knowledge, StringComparison.Ordinal);
        Assert.True(knowledge.AdditionalProperties!.ContainsKey("ioSchema"));
        Assert.Equal(PicaEmulator.GmailGetMessageAction, Assert.Single(_pica.ReceivedRequests).Query["_id"]);
    }

    [Fact]
    public async Task An_unknown_action_is_null()
    {
        Assert.Null(await Catalog().GetActionAsync("conn_mod_def::Nope::nothing"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("gmail/../vault")]
    [InlineData("")]
    public async Task A_platform_that_would_leave_the_catalogues_path_is_refused_before_sending(string platform)
    {
        var catalog = Catalog();

        await Assert.ThrowsAsync<ArgumentException>(() => catalog.ListActionsAsync(platform));
        await Assert.ThrowsAsync<ArgumentException>(() => catalog.SearchActionsAsync(platform, "send"));

        Assert.Empty(_pica.ReceivedRequests);
    }
}
