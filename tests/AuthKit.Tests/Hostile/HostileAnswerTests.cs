using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Tests.TestSupport;
using WireMock.ResponseBuilders;

namespace AuthKit.Tests.Hostile;

/// <summary>
/// Answers no sane server sends, on page 1 and on page 3 of 5: each is refused with an
/// AuthKitException naming the page and the problem, is not retried (the server would send it
/// again), and nothing but the documented exceptions escapes. Where a hostile answer is still
/// valid JSON of the right shape it is handled as the Node SDK's JSON.parse would handle it.
/// </summary>
public sealed class HostileAnswerTests
{
    private const int Depth = 10_000;

    private static readonly string DeepArray = new string('[', Depth) + new string(']', Depth);

    private static readonly string DeepObject = string.Concat(Enumerable.Repeat("{\"a\":", Depth)) + "1" + new string('}', Depth);

    public static TheoryData<FaultTarget, string> RefusedAnswers
    {
        get
        {
            var data = new TheoryData<FaultTarget, string>();
            foreach (var target in new[] { FaultTarget.FirstPage, FaultTarget.LaterPage })
            {
                foreach (var name in Refused.Keys)
                {
                    data.Add(target, name);
                }
            }

            return data;
        }
    }

    /// <summary>Each hostile answer, made from the page's real answer, with a word its error must contain.</summary>
    private static readonly Dictionary<string, (Func<JsonObject, string> Make, string Reason)> Refused = new()
    {
        ["10,000 nested arrays in a row's unknown field"] = (p => Raw(p, (q, m) => FirstRow(q)["deep"] = m, DeepArray), "depth"),
        ["10,000 nested objects in an unknown top-level field"] = (p => Raw(p, (q, m) => q["deep"] = m, DeepObject), "depth"),
        ["10,000 nested arrays at top level"] = (_ => DeepArray, "JSON"),
        ["a JSON array instead of an object"] = (p => new JsonArray(p.DeepClone()).ToJsonString(), "JSON"),
        ["JSON null"] = (_ => "null", "null"),
        ["a bare string"] = (_ => "\"rows\"", "JSON"),
        ["a bare number"] = (_ => "42", "JSON"),
        ["trailing garbage after the object"] = (p => p.ToJsonString() + " {\"rows\":[]}", "JSON"),
        ["id as an object"] = (p => Mutate(p, row => row["id"] = new JsonObject { ["n"] = 1 }), "not an object"),
        ["tags as an object"] = (p => Mutate(p, row => row["tags"] = new JsonObject { ["a"] = 1 }), "JSON"),
        ["active as \"yes\""] = (p => Mutate(p, row => row["active"] = "yes"), "JSON"),
        ["a row that is a number"] = (p => Mutate(p, _ => { }, replaceRow: 7), "JSON"),
        ["id as a boolean"] = (p => Mutate(p, row => row["id"] = true), "not a boolean"),
        ["connectionDefId as null"] = (p => Mutate(p, row => row["connectionDefId"] = null), "not null"),
        ["a total beyond Int32"] = (p => Raw(p, (q, m) => q["total"] = m, "1e20"), "JSON"),
        ["NaN as a number"] = (p => Raw(p, (q, m) => q["total"] = m, "NaN"), "JSON"),
        ["rows as an object"] = (p => { p["rows"] = new JsonObject(); return p.ToJsonString(); }, "JSON"),
    };

    [Theory]
    [MemberData(nameof(RefusedAnswers))]
    public async Task A_hostile_answer_is_refused_clearly_and_not_retried(FaultTarget target, string name)
    {
        using var s = new FaultMatrixScenario(target);
        var (make, reason) = Refused[name];
        s.Serve(PicaStub.Json(make(s.Pages[s.FaultedPage!.Value - 1].DeepClone().AsObject())), s.Good);

        var error = await DocumentedExceptions.CatchAsync(() => s.Client().CreateAsync("user_1", IdentityType.User));

        var refused = Assert.IsType<AuthKitException>(error);
        Assert.Contains($"page {s.FaultedPage}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Theory]
    [InlineData("10,000 nested arrays at top level")]
    [InlineData("JSON null")]
    [InlineData("a JSON array instead of an object")]
    public async Task A_hostile_flags_answer_falls_back_to_false(string name)
    {
        using var s = new FaultMatrixScenario(FaultTarget.Flags);
        s.Serve(PicaStub.Json(Refused[name].Make(new JsonObject())));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: false);
        Assert.Equal(1, s.WhiteLabelFallbacks);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Theory]
    [InlineData(FaultTarget.FirstPage)]
    [InlineData(FaultTarget.LaterPage)]
    public async Task A_UTF8_byte_order_mark_before_the_JSON_is_tolerated(FaultTarget target)
    {
        using var s = new FaultMatrixScenario(target);
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(s.Pages[s.FaultedPage!.Value - 1].ToJsonString())).ToArray();
        s.Serve(Response.Create().WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Theory]
    [InlineData(FaultTarget.FirstPage, "application/json; charset=\"UTF-8\"")]
    [InlineData(FaultTarget.LaterPage, "application/json; charset=utf8")]
    [InlineData(FaultTarget.FirstPage, "application/json; charset=iso-8859-1")]
    [InlineData(FaultTarget.LaterPage, "text/plain")]
    public async Task An_answer_is_read_whatever_charset_its_type_declares(FaultTarget target, string contentType)
    {
        // UTF-8 answers are parsed from their buffered bytes; another declared charset takes Refit's own path.
        using var s = new FaultMatrixScenario(target);
        s.Serve(Response.Create().WithHeader("Content-Type", contentType).WithBody(s.Pages[s.FaultedPage!.Value - 1].ToJsonString()));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
    }

    [Theory]
    [InlineData(FaultTarget.FirstPage, "title")]
    [InlineData(FaultTarget.LaterPage, "title")]
    [InlineData(FaultTarget.FirstPage, "note")]
    [InlineData(FaultTarget.LaterPage, "note")]
    public async Task Invalid_UTF8_is_refused_rather_than_handed_on(FaultTarget target, string field)
    {
        // "title" is a field the SDK reads; "note" one it does not know and would pass on as raw bytes.
        using var s = new FaultMatrixScenario(target);
        s.Serve(Response.Create().WithHeader("Content-Type", "application/json").WithBody(
            WithInvalidUtf8(s.Pages[s.FaultedPage!.Value - 1], row => row[field] = "\u0001")));

        var error = await DocumentedExceptions.CatchAsync(async () =>
        {
            var token = await s.Client().CreateAsync("user_1", IdentityType.User);
            // Were it accepted, the endpoint handing the token on would get the broken text.
            JsonSerializer.Serialize(token, JsonSerializerOptions.Web);
        });

        var refused = Assert.IsType<AuthKitException>(error);
        Assert.Contains($"page {s.FaultedPage} (POST /v1/authkit) is not valid UTF-8", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Fact]
    public async Task Invalid_UTF8_in_the_flags_answer_falls_back_to_false()
    {
        using var s = new FaultMatrixScenario(FaultTarget.Flags);
        s.Serve(Response.Create().WithHeader("Content-Type", "application/json").WithBody(
            [.. "{\"authkitWhitelist\":true,\"note\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()]));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: false);
        Assert.Equal(1, s.WhiteLabelFallbacks);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Fact]
    public async Task A_server_ignoring_the_page_parameter_is_caught_at_page_two_not_looped_on()
    {
        // Every page request answered with page 1 (the same page over and over): the classic way a
        // naive paging client ends up with duplicated rows or loops until MaxPages.
        using var s = new FaultMatrixScenario(FaultTarget.FirstPage);
        for (var page = 1; page <= FaultMatrixScenario.PageCount; page++)
        {
            s.Pica.Page(page, PicaStub.Json(s.Pages[0].ToJsonString()));
        }

        s.Pica.Flags(true);

        var error = await DocumentedExceptions.CatchAsync(() => s.Client().CreateAsync("user_1", IdentityType.User));

        Assert.Matches("Pica answered page 1 when asked for page [234]", Assert.IsType<AuthKitException>(error).Message);
        var requests = s.Pica.PageRequests();
        Assert.All(requests.GroupBy(PicaStub.PageOf), g => Assert.Single(g)); // nothing retried
        Assert.True(requests.Count <= 1 + new AuthKitOptions().MaxConcurrentPageRequests, $"{requests.Count} page requests"); // no further pages once caught
    }

    [Fact]
    public async Task Duplicate_keys_take_the_last_value_as_JSON_parse_does_in_the_Node_SDK()
    {
        using var s = new FaultMatrixScenario(FaultTarget.FirstPage);
        var page = s.Pages[0].ToJsonString();
        // "rows" twice: the first copy is a decoy of another row; "page" twice.
        var decoy = s.Pages[1]["rows"]!.ToJsonString();
        var hostile = "{\"rows\":" + decoy + ",\"page\":7," + page[1..];
        s.Serve(PicaStub.Json(hostile));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        s.AssertToken(token, isWhiteLabel: true);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Fact]
    public async Task A_duplicate_unknown_key_in_a_row_keeps_the_last_value()
    {
        using var s = new FaultMatrixScenario(FaultTarget.FirstPage);
        var page = s.Pages[0].ToJsonString();
        var hostile = page.Replace("{\"id\":", "{\"extra\":1,\"extra\":2,\"id\":", StringComparison.Ordinal);
        s.Serve(PicaStub.Json(hostile));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        Assert.Equal(2, token.Rows[0].AdditionalProperties!["extra"].GetInt32());
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Fact]
    public async Task Huge_numbers_in_unknown_fields_pass_through_digit_for_digit()
    {
        using var s = new FaultMatrixScenario(FaultTarget.FirstPage);
        const string Huge = "123456789012345678901234567890.000000000000000000001e400";
        var page = s.Pages[0].ToJsonString().Replace("{\"id\":", "{\"big\":" + Huge + ",\"id\":", StringComparison.Ordinal);
        s.Serve(PicaStub.Json(page));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        Assert.Contains("\"big\":" + Huge, JsonSerializer.Serialize(token, JsonSerializerOptions.Web), StringComparison.Ordinal);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Fact]
    public async Task An_id_sent_as_a_numeric_string_stays_a_string()
    {
        // Pica's ids may be strings: the token carries what was sent, as the Node SDK does, not a number read from it.
        using var s = new FaultMatrixScenario(FaultTarget.FirstPage);
        var number = ((long)s.Pages[0]["rows"]![0]!["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);
        s.Serve(PicaStub.Json(Mutate(s.Pages[0].DeepClone().AsObject(), row => row["id"] = number)));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        Assert.Equal(PicaId.FromString(number), token.Rows[0].Id);
        Assert.False(token.Rows[0].Id.IsNumber);
        Assert.Equal(1, await s.SeenAsync(1));
    }

    [Fact]
    public async Task An_id_beyond_Int64_keeps_its_digits()
    {
        using var s = new FaultMatrixScenario(FaultTarget.FirstPage);
        s.Serve(PicaStub.Json(Raw(s.Pages[0].DeepClone().AsObject(), (q, m) => FirstRow(q)["id"] = m, "99999999999999999999999999")));

        var token = await s.Client().CreateAsync("user_1", IdentityType.User);

        Assert.True(token.Rows[0].Id.IsNumber);
        Assert.False(token.Rows[0].Id.TryGetInt64(out _));
        Assert.Equal("99999999999999999999999999", token.Rows[0].Id.ToString());
        Assert.StartsWith("{\"rows\":[{\"id\":99999999999999999999999999,", System.Text.Json.JsonSerializer.Serialize(token, System.Text.Json.JsonSerializerOptions.Web), StringComparison.Ordinal);
    }

    private static string Mutate(JsonObject page, Action<JsonObject> change, int? replaceRow = null)
    {
        var rows = page["rows"]!.AsArray();
        change(rows[0]!.AsObject());
        if (replaceRow is { } value)
        {
            rows[0] = value;
        }

        return page.ToJsonString();
    }

    /// <summary>Sets a field (via <paramref name="change"/>) to a marker, then swaps the marker for raw JSON text.</summary>
    private static string Raw(JsonObject page, Action<JsonObject, JsonNode> change, string raw)
    {
        const string Marker = "__raw_json__";
        change(page, JsonValue.Create(Marker));
        return page.ToJsonString().Replace($"\"{Marker}\"", raw, StringComparison.Ordinal);
    }

    private static JsonObject FirstRow(JsonObject page) => page["rows"]!.AsArray()[0]!.AsObject();

    private static byte[] WithInvalidUtf8(JsonObject page, Action<JsonObject> change)
    {
        var copy = page.DeepClone().AsObject();
        change(copy["rows"]!.AsArray()[0]!.AsObject());
        var bytes = Encoding.UTF8.GetBytes(copy.ToJsonString());
        var escaped = Encoding.UTF8.GetBytes("\\u0001");
        var at = bytes.AsSpan().IndexOf(escaped);
        // 0xC3 0x28 is an invalid two-byte sequence, 0xFF never appears in UTF-8.
        return [.. bytes[..at], 0xC3, 0x28, 0xFF, 0xFE, .. bytes[(at + escaped.Length)..]];
    }
}
