using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// A connection a user made in the AuthKit modal, as Pica's Vault API (<c>/v1/vault/connections</c>) keeps
/// it: the user's Gmail, their Slack. Not to be confused with <see cref="AuthKitConnection"/>, a row of the
/// token, which is an integration the user <em>can</em> connect. Fields Pica adds later are kept in
/// <see cref="AdditionalProperties"/> and written back unchanged.
/// </summary>
public sealed class PicaConnection
{
    /// <summary>Pica's id of the connection (a UUID today): what <c>GetAsync</c>, <c>UpdateTagsAsync</c> and <c>DeleteAsync</c> take.</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>
    /// The connection key, <c>environment::platform::namespace::id|identity</c>, sent to Pica's passthrough
    /// API to act through the connection. <see cref="PicaConnectionKey.Parse"/> reads its parts.
    /// </summary>
    [JsonPropertyName("key")]
    public string Key { get; init; } = string.Empty;

    /// <summary>The platform, e.g. <c>gmail</c>.</summary>
    [JsonPropertyName("platform")]
    public string Platform { get; init; } = string.Empty;

    /// <summary>Version of the platform's definition, e.g. <c>1.0.0</c>.</summary>
    [JsonPropertyName("platformVersion")]
    public string? PlatformVersion { get; init; }

    /// <summary>The connection's name, if one was given.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The connection's type, e.g. <c>api</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Pica environment, <c>test</c> or <c>live</c>.</summary>
    [JsonPropertyName("environment")]
    public string Environment { get; init; } = string.Empty;

    /// <summary>The identity that owns the connection (the one the token was created for), if any.</summary>
    [JsonPropertyName("identity")]
    public string? Identity { get; init; }

    /// <summary>
    /// The kind of identity that owns the connection; <see langword="null"/> when Pica sent none, or a kind
    /// this version does not know (such a connection belongs to no <c>ForIdentity</c> view).
    /// </summary>
    [JsonPropertyName("identityType")]
    [JsonConverter(typeof(LenientIdentityTypeConverter))]
    public IdentityType? IdentityType { get; init; }

    /// <summary>The platform's description.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The connection's state, e.g. <c>operational</c>.</summary>
    [JsonPropertyName("state")]
    public string? State { get; init; }

    /// <summary>The connection's tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Version of the connection, e.g. <c>1.0.0</c>.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Whether the connection is active.</summary>
    [JsonPropertyName("active")]
    public bool Active { get; init; }

    /// <summary>When the connection was made; <see langword="null"/> when Pica sent no date.</summary>
    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Fields of the connection this version does not know; serialized back unchanged.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Whether <paramref name="identity"/> of <paramref name="identityType"/> owns this connection (ordinal comparison).</summary>
    /// <param name="identity">The identity.</param>
    /// <param name="identityType">Its kind.</param>
    /// <returns><see langword="true"/> when both <see cref="Identity"/> and <see cref="IdentityType"/> match.</returns>
    public bool IsOwnedBy(string identity, IdentityType identityType) =>
        IdentityType == identityType && string.Equals(Identity, identity, StringComparison.Ordinal);

    /// <summary>Describes the connection, e.g. <c>PicaConnection 673f79c6-… gmail (user user_123)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"PicaConnection {Id} {Platform} ({IdentityType?.ToString().ToLowerInvariant() ?? "no identity type"} {Identity})";
}
