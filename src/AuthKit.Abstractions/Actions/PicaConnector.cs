using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>A connector of the platform's catalogue (<c>available-connectors</c>): something a user can connect. Unknown fields are kept.</summary>
public sealed class PicaConnector
{
    /// <summary>The connector's id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Its display name, e.g. <c>Gmail</c>.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Its key.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>The platform, e.g. <c>gmail</c>: what <see cref="IPicaCatalog.ListActionsAsync"/> takes.</summary>
    [JsonPropertyName("platform")]
    public string Platform { get; init; } = string.Empty;

    /// <summary>Version of the platform's definition.</summary>
    [JsonPropertyName("platformVersion")]
    public string? PlatformVersion { get; init; }

    /// <summary>Its status, e.g. <c>GA</c> or <c>beta</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>What it is.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Its category.</summary>
    [JsonPropertyName("category")]
    public string? Category { get; init; }

    /// <summary>URL of its logo.</summary>
    [JsonPropertyName("image")]
    public string? Image { get; init; }

    /// <summary>Its tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Whether it is active.</summary>
    [JsonPropertyName("active")]
    public bool? Active { get; init; }

    /// <summary>Fields this version does not know (<c>oauth</c>, <c>tools</c>, <c>version</c>…); serialized back unchanged.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Names the connector.</summary>
    /// <returns>E.g. <c>PicaConnector gmail (Gmail)</c>.</returns>
    public override string ToString() => $"PicaConnector {Platform} ({Name})";
}
