namespace AuthKit;

/// <summary>
/// Which connections <see cref="IPicaConnections.ListAsync"/> lists; every property left unset filters
/// nothing. Checked before anything is sent (an <see cref="ArgumentException"/> names what is wrong).
/// </summary>
public sealed class PicaConnectionQuery
{
    /// <summary>Only the connections of this identity (set <see cref="IdentityType"/> with it).</summary>
    public string? Identity { get; init; }

    /// <summary>Only the connections of identities of this kind.</summary>
    public IdentityType? IdentityType { get; init; }

    /// <summary>Only the connections to this platform, e.g. <c>gmail</c>.</summary>
    public string? Platform { get; init; }

    /// <summary>Only the connections with one of these connection keys.</summary>
    public IReadOnlyList<string>? Keys { get; init; }

    /// <summary>Only the connections that carry these tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>
    /// Only active (<see langword="true"/>) or inactive (<see langword="false"/>) connections;
    /// <see langword="null"/> sends nothing, and Pica lists the active ones.
    /// </summary>
    public bool? Active { get; init; }
}
