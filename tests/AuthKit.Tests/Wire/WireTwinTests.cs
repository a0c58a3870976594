using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Wire;

/// <summary>
/// Pages are read as settable twins of the public types (PicaTokenPage, PicaConnectionRow) for speed.
/// These tests keep the twins' JSON contract the public types' own, so a field added to
/// AuthKitConnection or AuthKitTokenResponse and not to its twin fails here, not in a user's token.
/// </summary>
public sealed class WireTwinTests
{
    [Fact]
    public void The_row_twin_has_the_public_rows_JSON_contract() =>
        Assert.Equal(Contract(AuthKitJsonContext.Default.AuthKitConnection), Contract(AuthKitJsonContext.Default.PicaConnectionRow));

    [Fact]
    public void The_page_twin_has_the_public_tokens_JSON_contract()
    {
        // The rows' element type is the twin's own; everything else is the same.
        static IEnumerable<string> WithoutRowType(JsonTypeInfo type) => Contract(type).Select(p => p.StartsWith("rows ", StringComparison.Ordinal) ? "rows" : p);

        Assert.Equal(WithoutRowType(AuthKitJsonContext.Default.AuthKitTokenResponse), WithoutRowType(AuthKitJsonContext.Default.PicaTokenPage));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void A_page_read_through_the_twin_is_the_page_read_as_the_public_type(int seed)
    {
        var page = ConnectionFaker.Pages(ConnectionFaker.Rows(30, seed), 30).Single();
        page["futureTopLevel"] = new JsonObject { ["a"] = 1 };
        ((JsonObject)((JsonArray)page["rows"]!)[1]!)["tags"] = null;
        var json = page.ToJsonString();

        var direct = JsonSerializer.Deserialize(json, AuthKitJsonContext.Default.AuthKitTokenResponse)!;
        var twin = JsonSerializer.Deserialize(json, AuthKitJsonContext.Default.PicaTokenPage)!.ToResponse();

        Assert.Equal(
            JsonSerializer.Serialize(direct, AuthKitJsonContext.Default.AuthKitTokenResponse),
            JsonSerializer.Serialize(twin, AuthKitJsonContext.Default.AuthKitTokenResponse));
        Assert.Equal(30, twin.Rows.Count);
        Assert.Null(twin.Rows[1].Tags);
        Assert.True(twin.AdditionalProperties!.ContainsKey("futureTopLevel"));
        Assert.True(twin.Rows[0].AdditionalProperties!.ContainsKey("beta"));
    }

    [Theory]
    [InlineData("\"conn_plf_1\"", "\"conn_def_2\"", "\"oauth_req_3\"")]
    [InlineData("12345678901234567890", "7", "null")]
    [InlineData("1", "2", "3")]
    public void Ids_of_either_kind_read_through_the_twin_as_the_public_type_reads_them(string id, string definition, string requestId)
    {
        var json = $$"""{"rows":[{"id":{{id}},"connectionDefId":{{definition}},"type":"gmail","title":"Gmail","image":"i","environment":"test","createdAt":"c","tags":[],"active":true,"useDefaultOauthCreds":true}],"total":1,"pages":1,"page":1,"requestId":{{requestId}}}""";

        var direct = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, AuthKitJsonContext.Default.AuthKitTokenResponse)!, AuthKitJsonContext.Default.AuthKitTokenResponse);
        var twin = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, AuthKitJsonContext.Default.PicaTokenPage)!.ToResponse(), AuthKitJsonContext.Default.AuthKitTokenResponse);

        Assert.Equal(direct, twin);
        Assert.StartsWith($$"""{"rows":[{"id":{{id}},"connectionDefId":{{definition}},""", twin, StringComparison.Ordinal);
        Assert.Contains($"\"requestId\":{requestId},", twin, StringComparison.Ordinal);
        Assert.Contains("\"useDefaultOauthCreds\":true", twin, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_rows_and_a_null_row_read_as_the_public_type_reads_them()
    {
        const string Json = """{"rows":[null],"total":1,"pages":1,"page":1,"requestId":1}""";

        Assert.Null(Assert.Single(JsonSerializer.Deserialize(Json, AuthKitJsonContext.Default.PicaTokenPage)!.ToResponse().Rows));
        Assert.Null(JsonSerializer.Deserialize("""{"rows":null}""", AuthKitJsonContext.Default.PicaTokenPage)!.ToResponse().Rows);
        Assert.Null(JsonSerializer.Deserialize("""{"rows":null}""", AuthKitJsonContext.Default.AuthKitTokenResponse)!.Rows);
    }

    private static List<string> Contract(JsonTypeInfo type) =>
        type.Properties
            .OrderBy(p => p.Order)
            .Select(p => $"{p.Name} {(p.PropertyType.IsGenericType ? p.PropertyType.GetGenericArguments()[0].Name : p.PropertyType.Name)} required={p.IsRequired} extension={p.IsExtensionData}")
            .ToList();
}
