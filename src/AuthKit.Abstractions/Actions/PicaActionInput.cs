using System.Text.Json.Nodes;

namespace AuthKit;

/// <summary>
/// What an action is executed with (<see cref="IPicaIdentityConnections.ExecuteActionAsync"/>): path
/// variables, query, extra headers and at most one body (<see cref="Json"/>, <see cref="Form"/>,
/// <see cref="Multipart"/> or <see cref="Content"/>).
/// </summary>
public sealed class PicaActionInput
{
    /// <summary>The values of the path's <c>{{name}}</c> templates; each becomes exactly one escaped path segment.</summary>
    public IReadOnlyDictionary<string, string>? PathVariables { get; init; }

    /// <summary>Query parameters, escaped.</summary>
    public IReadOnlyDictionary<string, string>? Query { get; init; }

    /// <summary>Extra headers; one naming the secret, the connection key, the action id (on either platform) or <c>Host</c> is refused.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>A JSON body (<c>application/json</c>).</summary>
    public JsonNode? Json { get; init; }

    /// <summary>A form body (<c>application/x-www-form-urlencoded</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>>? Form { get; init; }

    /// <summary>A multipart body (<c>multipart/form-data</c>), one part per pair.</summary>
    public IEnumerable<KeyValuePair<string, string>>? Multipart { get; init; }

    /// <summary>Any other body, sent as it is (a <c>custom</c> action's <c>connectionKey</c> is not added to it).</summary>
    public HttpContent? Content { get; init; }
}
