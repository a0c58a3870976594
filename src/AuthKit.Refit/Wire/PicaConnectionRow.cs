using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// A row of a page as it is read off the wire. <see cref="AuthKitConnection"/>'s <c>init</c> accessors
/// make System.Text.Json read it through its parameterized-constructor path (every value boxed into an
/// argument array, then an object initializer); this twin with <c>set</c> accessors takes the direct
/// path, and <see cref="ToConnection"/> hands the values over. Its JSON contract is
/// <see cref="AuthKitConnection"/>'s: same names, order, types and extension data (a test compares them).
/// </summary>
internal sealed class PicaConnectionRow
{
    [JsonPropertyName("id")]
    public PicaId Id { get; set; }

    [JsonPropertyName("connectionDefId")]
    public PicaId ConnectionDefId { get; set; }

    [JsonPropertyName("type")]
    public string Type { get; set; } = string.Empty;

    [JsonPropertyName("title")]
    public string Title { get; set; } = string.Empty;

    [JsonPropertyName("image")]
    public string Image { get; set; } = string.Empty;

    [JsonPropertyName("activatedAt")]
    public string? ActivatedAt { get; set; }

    [JsonPropertyName("secretId")]
    public string? SecretId { get; set; }

    [JsonPropertyName("clientSecretDisplay")]
    public string? ClientSecretDisplay { get; set; }

    [JsonPropertyName("clientIdDisplay")]
    public string? ClientIdDisplay { get; set; }

    [JsonPropertyName("scopes")]
    public string? Scopes { get; set; }

    [JsonPropertyName("environment")]
    public string Environment { get; set; } = string.Empty;

    [JsonPropertyName("guide")]
    public string? Guide { get; set; }

    [JsonPropertyName("createdAt")]
    public string CreatedAt { get; set; } = string.Empty;

    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; set; } = [];

    [JsonPropertyName("active")]
    public bool Active { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    public AuthKitConnection ToConnection() => new()
    {
        Id = Id,
        ConnectionDefId = ConnectionDefId,
        Type = Type,
        Title = Title,
        Image = Image,
        ActivatedAt = ActivatedAt,
        SecretId = SecretId,
        ClientSecretDisplay = ClientSecretDisplay,
        ClientIdDisplay = ClientIdDisplay,
        Scopes = Scopes,
        Environment = Environment,
        Guide = Guide,
        CreatedAt = CreatedAt,
        Tags = Tags,
        Active = Active,
        AdditionalProperties = AdditionalProperties,
    };
}
