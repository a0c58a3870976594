using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// One page of the token as it is read off the wire, the settable twin of
/// <see cref="AuthKitTokenResponse"/> (see <see cref="PicaConnectionRow"/> for why).
/// <see cref="ToResponse"/> gives the public type; its JSON contract is the same (a test compares them).
/// </summary>
internal sealed class PicaTokenPage
{
    [JsonPropertyName("rows")]
    [JsonRequired]
    public List<PicaConnectionRow?>? Rows { get; set; } = [];

    [JsonPropertyName("total")]
    public int Total { get; set; }

    [JsonPropertyName("pages")]
    public int Pages { get; set; }

    [JsonPropertyName("page")]
    public int Page { get; set; }

    [JsonPropertyName("requestId")]
    public PicaId? RequestId { get; set; }

    [JsonPropertyName("isWhiteLabel")]
    public bool IsWhiteLabel { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    public AuthKitTokenResponse ToResponse()
    {
        return new AuthKitTokenResponse
        {
            // "rows": null and null rows stay null, as the public type reads them: PageChecks judges them.
            Rows = Rows?.ConvertAll(row => row?.ToConnection()!)!,
            Total = Total,
            Pages = Pages,
            Page = Page,
            RequestId = RequestId,
            IsWhiteLabel = IsWhiteLabel,
            AdditionalProperties = AdditionalProperties,
        };
    }
}
