using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AuthKit;

/// <summary>
/// Reads a catalogue list in either dialect: the <c>{rows, total, pages, page}</c> envelope, or a bare array
/// (the search's answer on both platforms, and some lists on One), as one envelope. A bare array is one page
/// of everything. A null row is refused: it would become a null in a list typed without one.
/// </summary>
internal static class CatalogJson
{
    public static CatalogRows<T> Read<T>(string body, JsonTypeInfo<CatalogRows<T>> envelope, JsonTypeInfo<List<T?>> array, string what)
        where T : class
    {
        var span = body.AsSpan().TrimStart();
        if (span.IsEmpty)
        {
            throw new JsonException($"the answer to {what} is empty");
        }

        CatalogRows<T> rows;
        if (span[0] == '[')
        {
            var list = JsonSerializer.Deserialize(body, array) ?? [];
            rows = new CatalogRows<T> { Rows = list, Total = list.Count, Pages = 1, Page = 1 };
        }
        else
        {
            rows = JsonSerializer.Deserialize(body, envelope) ?? throw new JsonException($"the answer to {what} is JSON null");
            if (rows.Rows is null)
            {
                throw new JsonException($"the answer to {what} has no 'rows'");
            }
        }

        if (rows.Rows!.Any(r => r is null))
        {
            throw new JsonException($"the answer to {what} holds a null row");
        }

        return rows;
    }
}
