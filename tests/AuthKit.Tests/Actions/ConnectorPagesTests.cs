using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Tests.Actions;

/// <summary>
/// Connectors over several pages, on a stand-in that pages as the platform does: every page is asked for,
/// in order, a connector that shifted onto the next page is yielded once, and a page count over
/// <see cref="AuthKitOptions.MaxPages"/> is refused.
/// </summary>
public sealed class ConnectorPagesTests
{
    private static Task<KestrelStandIn> PagedAsync(int total, int reportedPages = 0) =>
        KestrelStandIn.StartAsync(app => app.MapGet("/v1/available-connectors", (int page, int limit) =>
        {
            var pages = reportedPages > 0 ? reportedPages : (total + limit - 1) / limit;
            // One row of the previous page again, as after a connector was added while listing.
            var from = Math.Max(0, ((page - 1) * limit) - (page > 1 ? 1 : 0));
            var rows = Enumerable.Range(from, Math.Max(0, Math.Min(limit, total - from)))
                .Select(i => $$"""{"id":"conn_def::{{i}}","platform":"p{{i}}","name":"P{{i}}","tools":{{i}}}""");
            return Results.Text($$"""{"rows":[{{string.Join(",", rows)}}],"total":{{total}},"pages":{{pages}},"page":{{page}}}""", "application/json");
        }));

    [Fact]
    public async Task Every_page_is_asked_for_and_each_connector_is_yielded_once()
    {
        await using var server = await PagedAsync(250);
        var catalog = new PicaCatalog(new AuthKitOptions { SecretKey = "sk_test_standin", BaseUrl = server.Url, MaxRetries = 0 });

        var connectors = await catalog.ListConnectorsAsync().ToListAsync();

        Assert.Equal(Enumerable.Range(0, 250).Select(i => "p" + i), connectors.Select(c => c.Platform));
        Assert.Equal(249, connectors[^1].AdditionalProperties!["tools"].GetInt32());
        Assert.Equal(
            ["GET /v1/available-connectors?page=1&limit=100", "GET /v1/available-connectors?page=2&limit=100", "GET /v1/available-connectors?page=3&limit=100"],
            server.Received);
    }

    [Fact]
    public async Task A_page_count_over_MaxPages_is_refused_before_asking_for_more()
    {
        await using var server = await PagedAsync(250, reportedPages: 5000);
        var catalog = new PicaCatalog(new AuthKitOptions { SecretKey = "sk_test_standin", BaseUrl = server.Url, MaxRetries = 0, MaxPages = 10 });

        await Assert.ThrowsAsync<AuthKitException>(async () => await catalog.ListConnectorsAsync().ToListAsync());

        Assert.Single(server.Received);
    }
}
