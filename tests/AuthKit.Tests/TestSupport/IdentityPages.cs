using System.Globalization;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Pica answers derived from the identity in the request body: the row count, every row's id and
/// title, and the request id all come from the identity, so a token that reached the wrong caller,
/// or a page of someone else's, does not match what its caller expects.
/// </summary>
internal static class IdentityPages
{
    /// <summary>Rows per page the answers are cut into; ask with <c>PageSize = PageSize</c>.</summary>
    public const int PageSize = 2;

    /// <summary>Serves pages for any identity, and the flags (white-label on).</summary>
    public static void Serve(PicaStub pica)
    {
        pica.Server.Given(Request.Create().WithPath("/v1/authkit").UsingPost()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json")
            .WithBody(request =>
            {
                var identity = (string?)JsonNode.Parse(request.Body!)?["identity"] ?? string.Empty;
                var page = int.Parse(request.Query!["page"][0], CultureInfo.InvariantCulture);
                return Page(identity, page).ToJsonString();
            }));
        pica.Flags(true);
    }

    /// <summary>1 to 3 connections: 1 or 2 fit on one page, 3 need two pages.</summary>
    public static int RowCount(string identity) => 1 + (int)(Hash(identity) % 3);

    public static int PageCount(string identity) => (RowCount(identity) + PageSize - 1) / PageSize;

    public static long RowId(string identity, int index) => (long)(Hash(identity) % 1_000_000_000) * 10 + index;

    public static string Title(string identity, int index) => $"{identity}/{index}";

    public static long RequestId(string identity, int page) => (long)(Hash(identity) % 1_000_000) * 100 + page;

    /// <summary>What the token for <paramref name="identity"/> must hold; null when it does, else what differs.</summary>
    public static string? Mismatch(string identity, AuthKitTokenResponse token)
    {
        var count = RowCount(identity);
        if (token.Rows.Count != count || token.Total != count)
        {
            return $"{identity}: {token.Rows.Count} rows, total {token.Total}; expected {count}";
        }

        for (var i = 0; i < count; i++)
        {
            if (token.Rows[i].Id != RowId(identity, i) || token.Rows[i].Title != Title(identity, i))
            {
                return $"{identity}: row {i} is {token.Rows[i].Id} '{token.Rows[i].Title}'; expected {RowId(identity, i)} '{Title(identity, i)}'";
            }
        }

        var requestId = RequestId(identity, PageCount(identity));
        if (token.RequestId != requestId || !token.IsWhiteLabel || token.Page != 1 || token.Pages != 1)
        {
            return $"{identity}: requestId {token.RequestId}, white-label {token.IsWhiteLabel}, page {token.Page}/{token.Pages}; expected {requestId}, true, 1/1";
        }

        return null;
    }

    private static JsonObject Page(string identity, int page)
    {
        var count = RowCount(identity);
        var rows = new JsonArray();
        for (var i = (page - 1) * PageSize; i < Math.Min(count, page * PageSize); i++)
        {
            rows.Add(new JsonObject
            {
                ["id"] = RowId(identity, i),
                ["connectionDefId"] = 500 + i,
                ["type"] = "gmail",
                ["title"] = Title(identity, i),
                ["tags"] = new JsonArray(),
                ["active"] = true,
            });
        }

        return new JsonObject
        {
            ["rows"] = rows,
            ["total"] = count,
            ["pages"] = PageCount(identity),
            ["page"] = page,
            ["requestId"] = RequestId(identity, page),
        };
    }

    // FNV-1a: stable across processes and runs, unlike string.GetHashCode.
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
