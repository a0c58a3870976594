using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>One page of a platform's actions (<see cref="IPicaCatalog.ListActionsAsync"/>).</summary>
public sealed class PicaActionPage
{
    /// <summary>The actions on this page.</summary>
    [JsonPropertyName("rows")]
    public IReadOnlyList<PicaActionSummary> Rows { get; init; } = [];

    /// <summary>Actions in all pages (the count of <see cref="Rows"/> when the platform answered a bare list).</summary>
    [JsonPropertyName("total")]
    public int Total { get; init; }

    /// <summary>Number of pages (1 when the platform answered a bare list).</summary>
    [JsonPropertyName("pages")]
    public int Pages { get; init; }

    /// <summary>This page's number, from 1.</summary>
    [JsonPropertyName("page")]
    public int Page { get; init; }
}
