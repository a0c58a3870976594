using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>The body of <c>PATCH /v1/vault/connections/{id}</c>: the whole new set of tags.</summary>
internal sealed class PicaTagsUpdate
{
    [JsonPropertyName("tags")]
    public required IReadOnlyList<string> Tags { get; init; }
}
