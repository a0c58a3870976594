using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AuthKit.Tools;

[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
