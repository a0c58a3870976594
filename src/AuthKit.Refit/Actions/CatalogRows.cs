using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>The <c>{rows, total, pages, page}</c> envelope of a catalogue list.</summary>
internal sealed class CatalogRows<T>
{
    [JsonPropertyName("rows")]
    public List<T?>? Rows { get; init; }

    [JsonPropertyName("total")]
    public int Total { get; init; }

    [JsonPropertyName("pages")]
    public int Pages { get; init; }

    [JsonPropertyName("page")]
    public int Page { get; init; }
}
