using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// The AuthKit token: the connections the identity can connect, merged over all pages, plus the
/// white-label flag. Serialized with <see cref="JsonSerializerOptions.Web"/> it is the JSON the
/// official Node SDK returns, so an endpoint can return it as is.
/// </summary>
public sealed class AuthKitTokenResponse
{
    /// <summary>The connections, in page order.</summary>
    [JsonPropertyName("rows")]
    [JsonRequired]
    public IReadOnlyList<AuthKitConnection> Rows { get; init; } = [];

    /// <summary>Number of connections Pica reported on page 1.</summary>
    [JsonPropertyName("total")]
    public int Total { get; init; }

    /// <summary>Number of pages; 1 once the SDK merged several pages.</summary>
    [JsonPropertyName("pages")]
    public int Pages { get; init; }

    /// <summary>Page number; 1 once the SDK merged several pages.</summary>
    [JsonPropertyName("page")]
    public int Page { get; init; }

    /// <summary>
    /// Pica's request id (of the last page when several were merged): a number or a string
    /// (<c>oauth_req_…</c>), kept as sent; <see langword="null"/> when Pica sent <c>null</c> or none.
    /// </summary>
    [JsonPropertyName("requestId")]
    public PicaId? RequestId { get; init; }

    /// <summary>Whether the AuthKit modal is white-labelled for your account (Pica's <c>authkitWhitelist</c> flag).</summary>
    [JsonPropertyName("isWhiteLabel")]
    public bool IsWhiteLabel { get; init; }

    /// <summary>
    /// Top-level fields of a one-page answer this version does not know; serialized back unchanged.
    /// A merged multi-page token has none, as with the Node SDK.
    /// </summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
