using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>The answer of <c>GET /v1/users/flags</c>.</summary>
public sealed class PicaUserFlags
{
    /// <summary>Whether AuthKit is white-labelled for the account; becomes <see cref="AuthKitTokenResponse.IsWhiteLabel"/>.</summary>
    [JsonPropertyName("authkitWhitelist")]
    public bool? AuthkitWhitelist { get; init; }

    /// <summary>The other flags, as Pica sent them.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
