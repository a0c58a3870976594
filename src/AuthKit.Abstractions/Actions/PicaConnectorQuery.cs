namespace AuthKit;

/// <summary>Which connectors <see cref="IPicaCatalog.ListConnectorsAsync"/> lists; every property left unset filters nothing.</summary>
public sealed class PicaConnectorQuery
{
    /// <summary><see langword="true"/>: only the connectors enabled in AuthKit (<c>authkit=true</c>).</summary>
    public bool? AuthKit { get; init; }

    /// <summary>Only this platform, e.g. <c>gmail</c>.</summary>
    public string? Platform { get; init; }

    /// <summary>Only the connector with this key.</summary>
    public string? Key { get; init; }

    /// <summary>Only connectors with this name.</summary>
    public string? Name { get; init; }

    /// <summary>Only connectors of this category, e.g. <c>Communication</c>.</summary>
    public string? Category { get; init; }
}
