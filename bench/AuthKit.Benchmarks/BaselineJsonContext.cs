using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit.Benchmarks;

// The baseline reads the same public models as the SDK, so both build the same token.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuthKitTokenRequest))]
[JsonSerializable(typeof(AuthKitTokenResponse))]
[JsonSerializable(typeof(BaselineFlags))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;

internal sealed class BaselineFlags
{
    [JsonPropertyName("authkitWhitelist")]
    public bool? AuthkitWhitelist { get; init; }
}
