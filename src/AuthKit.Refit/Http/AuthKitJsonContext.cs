using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

// Source-generated metadata keeps the wire path free of reflection (trimming, Native AOT, start-up).
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuthKitTokenRequest))]
[JsonSerializable(typeof(AuthKitTokenResponse))]
[JsonSerializable(typeof(PicaUserFlags))]
[JsonSerializable(typeof(PicaTokenPage))]
[JsonSerializable(typeof(PicaConnection))]
[JsonSerializable(typeof(PicaConnectionsPage))]
[JsonSerializable(typeof(PicaTagsUpdate))]
internal sealed partial class AuthKitJsonContext : JsonSerializerContext;
