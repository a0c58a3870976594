using System.Globalization;

namespace AuthKit;

/// <summary>A validated <see cref="PicaConnectionQuery"/> in its wire form: each value as the query string carries it.</summary>
internal sealed record VaultQuery(string? Identity, string? IdentityType, string? Platform, string? Keys, string? Tags, string? Active)
{
    public static VaultQuery From(PicaConnectionQuery query) => new(
        query.Identity,
        LenientIdentityTypeConverter.WireName(query.IdentityType),
        query.Platform,
        query.Keys is { Count: > 0 } keys ? string.Join(',', keys) : null,
        query.Tags is { Count: > 0 } tags ? string.Join(',', tags) : null,
        query.Active is { } active ? (active ? "true" : "false") : null);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"VaultQuery(platform {Platform})");
}
