using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// One connectable integration (a row of the token). Fields Pica adds later are kept in
/// <see cref="AdditionalProperties"/> and written back unchanged.
/// </summary>
public sealed class AuthKitConnection
{
    /// <summary>Pica's id of the connection: a number (<c>9001</c>) or a prefixed string (<c>conn_plf_…</c>), kept as sent.</summary>
    [JsonPropertyName("id")]
    public PicaId Id { get; init; }

    /// <summary>Id of the connection definition (the integration): a number or a prefixed string (<c>conn_def_…</c>), kept as sent.</summary>
    [JsonPropertyName("connectionDefId")]
    public PicaId ConnectionDefId { get; init; }

    /// <summary>Platform key, e.g. <c>gmail</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    /// <summary>Display name, e.g. <c>Gmail</c>.</summary>
    [JsonPropertyName("title")]
    public string Title { get; init; } = string.Empty;

    /// <summary>URL of the platform's logo.</summary>
    [JsonPropertyName("image")]
    public string Image { get; init; } = string.Empty;

    /// <summary>When the integration was activated, as the timestamp string Pica sent.</summary>
    [JsonPropertyName("activatedAt")]
    public string? ActivatedAt { get; init; }

    /// <summary>Id of the stored OAuth secret, if any.</summary>
    [JsonPropertyName("secretId")]
    public string? SecretId { get; init; }

    /// <summary>Masked client secret for display, if any.</summary>
    [JsonPropertyName("clientSecretDisplay")]
    public string? ClientSecretDisplay { get; init; }

    /// <summary>Masked client id for display, if any.</summary>
    [JsonPropertyName("clientIdDisplay")]
    public string? ClientIdDisplay { get; init; }

    /// <summary>OAuth scopes, space separated, if any.</summary>
    [JsonPropertyName("scopes")]
    public string? Scopes { get; init; }

    /// <summary>Pica environment, <c>test</c> or <c>live</c>.</summary>
    [JsonPropertyName("environment")]
    public string Environment { get; init; } = string.Empty;

    /// <summary>Setup guide for the integration, if any.</summary>
    [JsonPropertyName("guide")]
    public string? Guide { get; init; }

    /// <summary>When the integration was created, as the timestamp string Pica sent.</summary>
    [JsonPropertyName("createdAt")]
    public string CreatedAt { get; init; } = string.Empty;

    /// <summary>Tags of the integration.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Whether the integration can be connected.</summary>
    [JsonPropertyName("active")]
    public bool Active { get; init; }

    /// <summary>Fields of the row this version does not know; serialized back unchanged.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
