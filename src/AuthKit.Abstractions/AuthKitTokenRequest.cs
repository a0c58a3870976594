using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// Who the AuthKit token is for. Every property is optional; only the ones that are set are sent
/// (an empty request sends <c>{}</c>).
/// </summary>
public sealed class AuthKitTokenRequest
{
    /// <summary>
    /// The identity the connections belong to, typically your signed-in user's id. At most 256
    /// characters, with no spaces, colons, commas, vertical bars, control or formatting characters or
    /// Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, …): Pica builds Connection Keys from it
    /// (the identity follows a <c>|</c> there) and separates its list filters with commas, and those
    /// characters break them.
    /// </summary>
    [JsonPropertyName("identity")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Identity { get; init; }

    /// <summary>The kind of <see cref="Identity"/>. Only allowed together with an <see cref="Identity"/>.</summary>
    [JsonPropertyName("identityType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IdentityType? IdentityType { get; init; }

    /// <summary>Deprecated grouping field of the Pica API; sent only when set.</summary>
    [Obsolete("Pica deprecated 'group': use Identity and IdentityType instead.")]
    [JsonPropertyName("group")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Group { get; init; }

    /// <summary>Deprecated label field of the Pica API; sent only when set.</summary>
    [Obsolete("Pica deprecated 'label'.")]
    [JsonPropertyName("label")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Label { get; init; }

    /// <summary>Describes the request without revealing the identity in full (it is personal data).</summary>
    /// <returns>For example <c>AuthKitTokenRequest { IdentityType = User, Identity = (8 chars) }</c>.</returns>
    public override string ToString() =>
        $"AuthKitTokenRequest {{ IdentityType = {IdentityType?.ToString() ?? "(none)"}, Identity = {(Identity is null ? "(none)" : $"({Identity.Length} chars)")} }}";
}
