using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

// The token as the SDK serializes it with JsonSerializerOptions.Web (the Node SDK's JSON), without reflection.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuthKitTokenResponse))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
