using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

// Source-generated metadata for the catalogue's answers, both dialects.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CatalogRows<PicaConnector>))]
[JsonSerializable(typeof(CatalogRows<PicaActionSummary>))]
[JsonSerializable(typeof(CatalogRows<PicaActionKnowledge>))]
[JsonSerializable(typeof(List<PicaConnector>))]
[JsonSerializable(typeof(List<PicaActionSummary>))]
[JsonSerializable(typeof(List<PicaActionKnowledge>))]
[JsonSerializable(typeof(PicaActionKnowledge))]
internal sealed partial class ActionsJsonContext : JsonSerializerContext;
