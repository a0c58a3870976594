using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuthKit.Testing.Internal;
using WireMock;

namespace AuthKit.Testing;

// The action catalogue: GET /v1/available-connectors, /v1/available-actions/{platform}, its search, and
// /v1/knowledge?_id= with an ETag (304 on If-None-Match, as One answers). A seeded set of connectors and
// actions; executing an action is a passthrough call, answered by the passthrough's echo.
public sealed partial class PicaEmulator
{
    /// <summary>The seeded action <c>GET /gmail/v1/users/{{userId}}/messages/{{messageId}}</c>.</summary>
    public const string GmailGetMessageAction = "conn_mod_def::GmailMsg::get-message";

    /// <summary>The seeded action <c>POST /gmail/v1/users/{{userId}}/messages/send</c> (JSON body).</summary>
    public const string GmailSendEmailAction = "conn_mod_def::GmailMsg::send-email";

    /// <summary>The seeded action <c>GET /gmail/v1/users/{{userId}}/messages</c> (query <c>q</c>, <c>maxResults</c>).</summary>
    public const string GmailListMessagesAction = "conn_mod_def::GmailMsg::list-messages";

    /// <summary>The seeded action <c>DELETE /gmail/v1/users/{{userId}}/messages/{{messageId}}</c>: what an agent with <c>write</c> permissions may not run.</summary>
    public const string GmailDeleteMessageAction = "conn_mod_def::GmailMsg::delete-message";

    /// <summary>The seeded action <c>POST /gmail/send-email</c>, tagged <c>custom</c>: its body also carries <c>connectionKey</c>.</summary>
    public const string GmailCustomSendAction = "conn_mod_def::GmailCustom::send-email";

    /// <summary>The seeded action <c>POST /api/chat.postMessage</c> of Slack (form body).</summary>
    public const string SlackPostMessageAction = "conn_mod_def::SlackChat::post-message";

    /// <summary>The seeded action <c>POST /api/files.upload</c> of Slack (multipart body).</summary>
    public const string SlackUploadFileAction = "conn_mod_def::SlackFiles::upload-file";

    /// <summary>The seeded action <c>GET /calendar/v3/calendars/{{calendarId}}/events</c> of Google Calendar.</summary>
    public const string CalendarListEventsAction = "conn_mod_def::GCalEvents::list-events";

    private const string ConnectorsPath = "/v1/available-connectors";
    private const string ActionsPath = "/v1/available-actions/";
    private const string SearchPath = "/v1/available-actions/search/";
    private const string KnowledgePath = "/v1/knowledge";

    private static readonly (string Platform, string Name, string Category, bool AuthKit)[] SeededConnectors =
    [
        ("gmail", "Gmail", "Communication", true),
        ("google-calendar", "Google Calendar", "Productivity", true),
        ("slack", "Slack", "Communication", true),
        ("hubspot", "HubSpot", "CRM", false),
        ("notion", "Notion", "Productivity", false),
        ("stripe", "Stripe", "Payments", false),
    ];

    private readonly ConcurrentDictionary<string, CatalogAction> _actions = new(SeededActions().ToDictionary(a => a.Id, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>
    /// Adds <paramref name="count"/> generated actions of the platform <c>bulk</c>, ids
    /// <c>conn_mod_def::bulk::0</c> onwards (<c>GET /bulk/{{id}}</c>, a knowledge text of about 300 bytes).
    /// </summary>
    /// <param name="count">How many, 0 or more.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator SeedActions(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var i = 0; i < count; i++)
        {
            var id = "conn_mod_def::bulk::" + i.ToString(CultureInfo.InvariantCulture);
            _actions[id] = new CatalogAction(id, "bulk", $"Bulk Action {i}", "GET", "/bulk/{{id}}", [], new string('k', 300));
        }

        return this;
    }

    private static bool IsCatalog(PicaEndpoint endpoint) =>
        endpoint is PicaEndpoint.ConnectorList or PicaEndpoint.ActionList or PicaEndpoint.ActionSearch or PicaEndpoint.Knowledge;

    private static PicaEndpoint ClassifyCatalog(string path) => path switch
    {
        ConnectorsPath => PicaEndpoint.ConnectorList,
        KnowledgePath => PicaEndpoint.Knowledge,
        _ when path.StartsWith(SearchPath, StringComparison.Ordinal) && OneSegment(path, SearchPath) => PicaEndpoint.ActionSearch,
        _ when path.StartsWith(ActionsPath, StringComparison.Ordinal) && OneSegment(path, ActionsPath) => PicaEndpoint.ActionList,
        _ => PicaEndpoint.Unknown,
    };

    private static bool OneSegment(string path, string prefix) => path.Length > prefix.Length && !path.AsSpan(prefix.Length).Contains('/');

    private Answer DecideCatalog(PicaEndpoint endpoint, string path, IRequestMessage request)
    {
        var query = QueryOf(request);
        var bare = (AnswerShape & PicaAnswerShape.BareCatalogLists) != 0;
        return endpoint switch
        {
            PicaEndpoint.ConnectorList => Answer.Json(Paged(Connectors(query), query, bare)),
            PicaEndpoint.ActionList => Answer.Json(Paged(Actions(Uri.UnescapeDataString(path[ActionsPath.Length..])), query, bare)),
            PicaEndpoint.ActionSearch => Answer.Json(new JsonArray([.. Search(Uri.UnescapeDataString(path[SearchPath.Length..]), query)]).ToJsonString()),
            _ => Knowledge(query, request),
        };
    }

    private static List<JsonNode> Connectors(Dictionary<string, string> query) =>
        SeededConnectors
            .Where(c => !query.TryGetValue("authkit", out var a) || a != "true" || c.AuthKit)
            .Where(c => !query.TryGetValue("platform", out var p) || p == c.Platform)
            .Where(c => !query.TryGetValue("key", out var k) || k == "api::" + c.Platform)
            .Where(c => !query.TryGetValue("name", out var n) || n == c.Name)
            .Where(c => !query.TryGetValue("category", out var g) || g == c.Category)
            .Select(ConnectorJson)
            .ToList();

    private List<JsonNode> Actions(string platform) =>
        _actions.Values.Where(a => a.Platform == platform).OrderBy(a => a.Id, StringComparer.Ordinal).Select(SummaryJson).ToList();

    // Ranked by how many of the query's words the title holds, as a word search would.
    private IEnumerable<JsonNode> Search(string platform, Dictionary<string, string> query)
    {
        var words = (query.GetValueOrDefault("query") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var limit = query.TryGetValue("limit", out var l) && int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 5;
        return _actions.Values
            .Where(a => a.Platform == platform)
            .Select(a => (Action: a, Score: words.Count(w => a.Title.Contains(w, StringComparison.OrdinalIgnoreCase))))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Action.Id, StringComparer.Ordinal)
            .Take(limit)
            .Select(x => SummaryJson(x.Action));
    }

    private Answer Knowledge(Dictionary<string, string> query, IRequestMessage request)
    {
        if (!query.TryGetValue("_id", out var id))
        {
            return Answer.Error(HttpStatusCode.BadRequest, "The query parameter '_id' is required.");
        }

        var bare = (AnswerShape & PicaAnswerShape.BareCatalogLists) != 0;
        if (!_actions.TryGetValue(id, out var action))
        {
            return Answer.Json(bare ? "[]" : """{"rows":[],"total":0,"pages":0,"page":1}""");
        }

        var rows = new JsonArray(KnowledgeJson(action));
        var body = bare ? rows.ToJsonString() : new JsonObject { ["rows"] = rows, ["total"] = 1, ["pages"] = 1, ["page"] = 1 }.ToJsonString();
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..16].ToLowerInvariant() + "\"";
        var sent = request.Headers is { } headers && headers.TryGetValue("If-None-Match", out var values) ? string.Join(",", values) : null;
        if (sent is not null && sent.Split(',').Any(v => v.Trim() == etag))
        {
            return new Answer(HttpStatusCode.NotModified, null) { ContentType = null, Headers = [new("ETag", etag)] };
        }

        return Answer.Json(body) with { Headers = [new("ETag", etag)] };
    }

    private static string Paged(List<JsonNode> rows, Dictionary<string, string> query, bool bare)
    {
        if (bare)
        {
            return new JsonArray([.. rows]).ToJsonString();
        }

        var limit = query.TryGetValue("limit", out var l) && int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20;
        var page = query.TryGetValue("page", out var p) && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 1;
        var pages = (rows.Count + limit - 1) / limit;
        return new JsonObject
        {
            ["rows"] = new JsonArray([.. rows.Skip((page - 1) * limit).Take(limit)]),
            ["total"] = rows.Count,
            ["pages"] = pages,
            ["page"] = page,
        }.ToJsonString();
    }

    private static JsonNode ConnectorJson((string Platform, string Name, string Category, bool AuthKit) c) => new JsonObject
    {
        ["id"] = "conn_def::" + c.Platform,
        ["name"] = c.Name,
        ["key"] = "api::" + c.Platform,
        ["platform"] = c.Platform,
        ["platformVersion"] = "1.0.0",
        ["status"] = "GA",
        ["description"] = c.Name + " through Pica.",
        ["category"] = c.Category,
        ["image"] = "https://assets.picaos.com/connectors/" + c.Platform + ".svg",
        ["tags"] = new JsonArray(c.AuthKit ? "authkit" : "api"),
        ["oauth"] = true,
        ["tools"] = 3,
        ["version"] = "1.0.0",
        ["active"] = true,
    };

    private static JsonNode SummaryJson(CatalogAction a) => new JsonObject
    {
        ["systemId"] = a.Id,
        ["title"] = a.Title,
        ["key"] = a.Id[(a.Id.LastIndexOf(':') + 1)..],
        ["modelName"] = a.Title.Split(' ')[^1],
        ["method"] = a.Method,
        ["path"] = a.Path,
        ["platform"] = a.Platform,
        ["tags"] = new JsonArray([.. a.Tags.Select(t => (JsonNode)t)]),
    };

    private static JsonNode KnowledgeJson(CatalogAction a) => new JsonObject
    {
        ["_id"] = a.Id,
        ["connectionPlatform"] = a.Platform,
        ["title"] = a.Title,
        ["path"] = a.Path,
        ["method"] = a.Method,
        ["knowledge"] = a.Knowledge,
        ["baseUrl"] = "https://api." + a.Platform + ".example",
        ["tags"] = new JsonArray([.. a.Tags.Select(t => (JsonNode)t)]),
        ["active"] = true,
        ["ioSchema"] = new JsonObject { ["type"] = "object" },
    };

    private static IEnumerable<CatalogAction> SeededActions() =>
    [
        new(GmailGetMessageAction, "gmail", "Get Message", "GET", "/gmail/v1/users/{{userId}}/messages/{{messageId}}", [],
            "Reads one message. Path variables: userId (me), messageId."),
        new(GmailSendEmailAction, "gmail", "Send Email", "POST", "/gmail/v1/users/{{userId}}/messages/send", [],
            "Sends an email. Body: {\"raw\": base64url RFC 2822 message}."),
        new(GmailListMessagesAction, "gmail", "List Messages", "GET", "/gmail/v1/users/{{userId}}/messages", [],
            "Lists messages. Query: q, maxResults."),
        new(GmailDeleteMessageAction, "gmail", "Delete Message", "DELETE", "/gmail/v1/users/{{userId}}/messages/{{messageId}}", [],
            "Deletes one message for good. Path variables: userId (me), messageId."),
        new(GmailCustomSendAction, "gmail", "Send Email Custom", "POST", "/gmail/send-email", ["custom"],
            "Sends an email through Pica's own action; the body carries connectionKey."),
        new(SlackPostMessageAction, "slack", "Post Message", "POST", "/api/chat.postMessage", [],
            "Posts a message. Form body: channel, text."),
        new(SlackUploadFileAction, "slack", "Upload File", "POST", "/api/files.upload", [],
            "Uploads a file. Multipart body: channels, content, filename."),
        new(CalendarListEventsAction, "google-calendar", "List Events", "GET", "/calendar/v3/calendars/{{calendarId}}/events", [],
            "Lists a calendar's events. Path variable: calendarId (primary)."),
    ];
}
