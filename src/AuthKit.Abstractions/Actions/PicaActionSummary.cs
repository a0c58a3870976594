using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>An action as listed or found (<c>available-actions</c>): enough to choose it. Unknown fields are kept.</summary>
public sealed class PicaActionSummary
{
    /// <summary>The action's id, <c>conn_mod_def::…</c>: what <see cref="IPicaCatalog.GetActionAsync"/> and <see cref="IPicaIdentityConnections.ExecuteActionAsync"/> take.</summary>
    [JsonPropertyName("systemId")]
    public string? SystemId { get; init; }

    /// <summary>What it does, e.g. <c>Send Email</c>.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Its key.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>The model it acts on.</summary>
    [JsonPropertyName("modelName")]
    public string? ModelName { get; init; }

    /// <summary>Its HTTP method.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    /// <summary>Its path, with <c>{{name}}</c> templates.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>The platform.</summary>
    [JsonPropertyName("platform")]
    public string? Platform { get; init; }

    /// <summary>Its tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Fields this version does not know; serialized back unchanged.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Names the action.</summary>
    /// <returns>E.g. <c>PicaActionSummary POST Send Email</c>.</returns>
    public override string ToString() => $"PicaActionSummary {Method} {Title}";
}
