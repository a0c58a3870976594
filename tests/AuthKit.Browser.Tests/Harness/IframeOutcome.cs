using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>What the stand-in for Pica's hosted page got from its POST to the token URL, read from the iframe.</summary>
/// <param name="Kind"><c>response</c> (an answer was readable), <c>fetch-error</c> (the browser refused it) or <c>bad-data</c>.</param>
/// <param name="Permissions">The frame's Local Network Access permission states before the request, by name (<c>loopback-network</c>, …).</param>
internal sealed record IframeOutcome(string Kind, int? Status, string? ContentType, string? CacheControl, string? Body, string? Error, IReadOnlyDictionary<string, string>? Permissions)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static IframeOutcome Parse(string json) =>
        JsonSerializer.Deserialize<IframeOutcome>(json, Web) ?? throw new InvalidOperationException("The iframe reported nothing: " + json);

    /// <summary>The body as JSON (the token, or a problem).</summary>
    public JsonNode BodyJson() => JsonNode.Parse(Body ?? throw new InvalidOperationException($"No body: {this}"))!;
}
