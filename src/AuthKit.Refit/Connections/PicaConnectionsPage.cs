using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>One page of <c>GET /v1/vault/connections</c> as it is read off the wire.</summary>
internal sealed class PicaConnectionsPage
{
    [JsonPropertyName("rows")]
    public List<PicaConnection?>? Rows { get; set; }

    [JsonPropertyName("total")]
    public int Total { get; set; }

    [JsonPropertyName("pages")]
    public int Pages { get; set; }

    [JsonPropertyName("page")]
    public int Page { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
