using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Tests.Paging;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Serialization;

public sealed class RoundTripTests
{
    [Fact]
    public void A_token_with_unknown_fields_survives_a_json_round_trip()
    {
        var page = ConnectionFaker.Pages(ConnectionFaker.Rows(9, seed: 31), 100)[0];
        page["newTopLevel"] = new JsonObject { ["nested"] = new JsonArray("a", 1, true, null) };
        page["isWhiteLabel"] = true;
        var json = page.ToJsonString();

        var token = JsonSerializer.Deserialize<AuthKitTokenResponse>(json, JsonSerializerOptions.Web)!;
        var back = JsonSerializer.SerializeToNode(token, JsonSerializerOptions.Web)!;

        PagingTests.AssertJsonEqual(JsonNode.Parse(json)!, back);
        Assert.True(token.IsWhiteLabel);
        Assert.Contains(token.Rows, r => r.AdditionalProperties?.ContainsKey("beta") == true);
    }

    [Fact]
    public void Typed_fields_are_typed()
    {
        const string json = """
            {"rows":[{"id":9007199254740993,"connectionDefId":501,"type":"gmail","title":"Gmail","image":"https://x/gmail.svg",
              "activatedAt":"2025-01-10T08:30:00.000Z","secretId":"sec_1","clientSecretDisplay":null,"clientIdDisplay":null,
              "scopes":"read write","environment":"test","guide":null,"createdAt":"2024-12-01T00:00:00.000Z","tags":["mail"],"active":true}],
             "total":1,"pages":1,"page":1,"requestId":70001}
            """;

        var row = Assert.Single(JsonSerializer.Deserialize<AuthKitTokenResponse>(json, JsonSerializerOptions.Web)!.Rows);

        Assert.Equal(9007199254740993L, row.Id);
        Assert.Equal("2025-01-10T08:30:00.000Z", row.ActivatedAt);
        Assert.Null(row.Guide);
        Assert.Equal(["mail"], row.Tags);
        Assert.True(row.Active);
        Assert.Null(row.AdditionalProperties);
    }
}
