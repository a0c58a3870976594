using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// An action's knowledge (<c>GET /v1/knowledge?_id=…</c>): how to call it and what it does. Executing an
/// action reads <see cref="Method"/>, <see cref="Path"/> and <see cref="Tags"/>. Unknown fields (<c>ioSchema</c>…) are kept.
/// </summary>
public sealed class PicaActionKnowledge
{
    /// <summary>The action's id, <c>conn_mod_def::…</c>.</summary>
    [JsonPropertyName("_id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The platform, e.g. <c>gmail</c>.</summary>
    [JsonPropertyName("connectionPlatform")]
    public string? ConnectionPlatform { get; init; }

    /// <summary>What it does, e.g. <c>Send Email</c>.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Its path under the integration's base URL, with <c>{{name}}</c> templates filled from <see cref="PicaActionInput.PathVariables"/>.</summary>
    [JsonPropertyName("path")]
    public string Path { get; init; } = string.Empty;

    /// <summary>Its HTTP method.</summary>
    [JsonPropertyName("method")]
    public string Method { get; init; } = "GET";

    /// <summary>Its description for a developer or a model: parameters, body, examples.</summary>
    [JsonPropertyName("knowledge")]
    public string? Knowledge { get; init; }

    /// <summary>The integration's base URL.</summary>
    [JsonPropertyName("baseUrl")]
    public string? BaseUrl { get; init; }

    /// <summary>Its tags; <c>custom</c> means a non-GET body also carries <c>connectionKey</c>.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Whether it is active.</summary>
    [JsonPropertyName("active")]
    public bool? Active { get; init; }

    /// <summary>Fields this version does not know; serialized back unchanged.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Names the action.</summary>
    /// <returns>E.g. <c>PicaActionKnowledge GET gmail Get Message</c>.</returns>
    public override string ToString() => $"PicaActionKnowledge {Method} {ConnectionPlatform} {Title}";
}
