using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

// The connections endpoint's answer, as the SDK serializes it (web defaults), without reflection.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<PicaConnection>))]
internal sealed partial class ConnectionsJsonContext : JsonSerializerContext;
