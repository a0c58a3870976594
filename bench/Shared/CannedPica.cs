using System.Globalization;
using System.Text;

namespace AuthKit.Bench;

/// <summary>
/// Pica's answers, generated once from a seed: the same bytes for every run, every SDK and every
/// request, so that what is measured is the client and not the data.
/// </summary>
public sealed class CannedPica
{
    private static readonly string[] Types = ["gmail", "slack", "hubspot", "salesforce", "notion", "github", "stripe", "zendesk"];
    private static readonly string[] Scopes = ["read", "write", "admin", "offline_access", "email", "profile"];

    private readonly byte[][] _pages;

    /// <summary>Builds <paramref name="pages"/> pages of <paramref name="rowsPerPage"/> connections each.</summary>
    public CannedPica(int pages, int rowsPerPage, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        var random = new Random(seed);
        _pages = new byte[pages][];
        for (var page = 1; page <= pages; page++)
        {
            _pages[page - 1] = BuildPage(random, page, pages, rowsPerPage);
        }

        Flags = Encoding.UTF8.GetBytes("""{"accessList":[],"authkitWhitelist":true,"earlyAccess":[],"completedQuickstart":true}""");
    }

    /// <summary>The answer to <c>GET /v1/users/flags</c>.</summary>
    public byte[] Flags { get; }

    /// <summary>How many pages there are.</summary>
    public int PageCount => _pages.Length;

    /// <summary>The answer to <c>POST /v1/authkit?page={page}</c>; page 1 for a page out of range.</summary>
    public byte[] Page(int page) => _pages[page >= 1 && page <= _pages.Length ? page - 1 : 0];

    private static byte[] BuildPage(Random random, int page, int pages, int rowsPerPage)
    {
        var json = new StringBuilder(rowsPerPage * 480);
        json.Append("{\"rows\":[");
        for (var i = 0; i < rowsPerPage; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            var id = 9000 + ((page - 1) * rowsPerPage) + i;
            var type = Types[random.Next(Types.Length)];
            var activated = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next(0, 30_000_000));
            var scopes = string.Join(' ', Scopes.Where(_ => random.Next(2) == 0));
            json.Append(string.Create(CultureInfo.InvariantCulture, $$"""
                {"id":{{id}},"connectionDefId":{{500 + random.Next(100)}},"type":"{{type}}","title":"{{char.ToUpperInvariant(type[0])}}{{type[1..]}} {{i}}",
                "image":"https://assets.picaos.com/connectors/{{type}}.svg","activatedAt":"{{activated:yyyy-MM-ddTHH:mm:ss.fffZ}}",
                "secretId":"sec_{{random.Next(1_000_000):D6}}","clientSecretDisplay":null,"clientIdDisplay":{{(random.Next(3) == 0 ? $"\"cid_{random.Next(10_000)}\"" : "null")}},
                "scopes":"{{scopes}}","environment":"test","guide":{{(random.Next(4) == 0 ? "\"https://docs.picaos.com/guides/" + type + "\"" : "null")}},
                "createdAt":"{{activated.AddDays(-random.Next(1, 90)):yyyy-MM-ddTHH:mm:ss.fffZ}}","tags":[{{(random.Next(2) == 0 ? "\"crm\",\"beta\"" : "")}}],"active":{{(random.Next(5) == 0 ? "false" : "true")}}}
                """).Replace("\n", string.Empty, StringComparison.Ordinal));
        }

        json.Append(CultureInfo.InvariantCulture, $"],\"total\":{pages * rowsPerPage},\"pages\":{pages},\"page\":{page},\"requestId\":{70000 + page}}}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
