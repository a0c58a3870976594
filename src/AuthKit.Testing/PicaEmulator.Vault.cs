using System.Globalization;
using System.Net;
using System.Text.Json;
using AuthKit.Testing.Internal;
using WireMock;

namespace AuthKit.Testing;

// Pica's Vault API: GET /v1/vault/connections (filters and paging as Pica's docs say) and
// GET/PATCH/DELETE /v1/vault/connections/{id}, over the connections users made in the modal.
public sealed partial class PicaEmulator
{
    private const string VaultPath = "/v1/vault/connections";
    private const int VaultTarget = -1; // the fault schedule's target for any Vault request
    private const int VaultPageTargetBase = -1000; // ... and for one page of the listing: -1000 - page

    private static readonly string[] IdentityTypeNames = ["user", "team", "organization", "project"];

    private readonly VaultStore _vault = new();

    /// <summary>The connections in the Vault, newest first (the order <c>GET /v1/vault/connections</c> lists them in).</summary>
    public IReadOnlyList<PicaConnection> VaultConnections => _vault.Snapshot();

    /// <summary>
    /// Adds the connection a user leaves by connecting <paramref name="platform"/> in the AuthKit modal
    /// with a token created for <paramref name="identity"/>: active, operational, no tags, newest of all.
    /// </summary>
    /// <param name="identity">The identity the token was created for.</param>
    /// <param name="identityType">Its kind.</param>
    /// <param name="platform">The platform, e.g. <c>gmail</c>.</param>
    /// <returns>The connection, as the Vault API serves it.</returns>
    public PicaConnection Connect(string identity, IdentityType identityType, string platform)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentException.ThrowIfNullOrEmpty(platform);
        return _vault.Add(identity, WireName(identityType), platform);
    }

    /// <summary>
    /// Adds <paramref name="count"/> fake connections of <paramref name="identity"/> (seeded: the same seed
    /// gives the same platforms, tags and activity; about one in ten is inactive).
    /// </summary>
    /// <param name="identity">Their owner.</param>
    /// <param name="identityType">Its kind.</param>
    /// <param name="count">How many, 0 or more.</param>
    /// <param name="seed">Seed of the fake data.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator SeedVaultConnections(string identity, IdentityType identityType, int count, int seed = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _vault.Seed(identity, WireName(identityType), count, seed);
        return this;
    }

    /// <summary>Removes every connection from the Vault.</summary>
    /// <returns>This emulator.</returns>
    public PicaEmulator ClearVault()
    {
        _vault.Clear();
        return this;
    }

    /// <summary>Serves <paramref name="fault"/> to the next <paramref name="times"/> Vault requests (any of them) that carry the right key.</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many requests it hits; <see cref="int.MaxValue"/> for all of them.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator FailVault(PicaFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        _faults.Add(VaultTarget, fault, times);
        return this;
    }

    /// <summary>Serves <paramref name="fault"/> to the next <paramref name="times"/> requests for page <paramref name="page"/> of a Vault listing.</summary>
    /// <param name="page">The page, from 1.</param>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many requests it hits.</param>
    /// <returns>This emulator.</returns>
    public PicaEmulator FailVaultPage(int page, PicaFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        _faults.Add(VaultPageTargetBase - page, fault, times);
        return this;
    }

    private static bool IsVault(PicaEndpoint endpoint) =>
        endpoint is PicaEndpoint.VaultList or PicaEndpoint.VaultGet or PicaEndpoint.VaultUpdate or PicaEndpoint.VaultDelete;

    private static bool IsVaultPath(string path) => path == VaultPath || VaultConnectionId(path) is not null;

    private static PicaEndpoint ClassifyVault(string method, string path)
    {
        if (path == VaultPath)
        {
            return method == "GET" ? PicaEndpoint.VaultList : PicaEndpoint.Unknown;
        }

        if (VaultConnectionId(path) is null)
        {
            return PicaEndpoint.Unknown;
        }

        return method switch
        {
            "GET" => PicaEndpoint.VaultGet,
            "PATCH" => PicaEndpoint.VaultUpdate,
            "DELETE" => PicaEndpoint.VaultDelete,
            _ => PicaEndpoint.Unknown,
        };
    }

    /// <summary>The <c>{id}</c> of <c>/v1/vault/connections/{id}</c>, unescaped; <see langword="null"/> for any other path.</summary>
    private static string? VaultConnectionId(string path)
    {
        const string Prefix = VaultPath + "/";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || path.Length == Prefix.Length)
        {
            return null;
        }

        var id = path[Prefix.Length..];
        return id.Contains('/', StringComparison.Ordinal) ? null : Uri.UnescapeDataString(id);
    }

    private static Dictionary<string, string> QueryOf(IRequestMessage request)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>())
        {
            query[name] = string.Join(",", values);
        }

        return query;
    }

    private Answer DecideVault(PicaEndpoint endpoint, string path, IRequestMessage request, string? body)
    {
        var query = QueryOf(request);
        var pageTarget = endpoint == PicaEndpoint.VaultList && query.TryGetValue("page", out var p) &&
            int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? VaultPageTargetBase - n : (int?)null;
        var fault = (pageTarget is { } target ? _faults.Take(target) : null) ?? _faults.Take(VaultTarget);
        var id = VaultConnectionId(path);
        return endpoint switch
        {
            PicaEndpoint.VaultList => Serve(fault, () => ListVault(query), """{"rows":[{"id":"673f79c6-"""),
            PicaEndpoint.VaultGet => Serve(fault, () => _vault.Find(id!) is { } found ? Answer.Json(VaultStore.Json(found)) : VaultNotFound(id!), """{"id":"673f"""),
            PicaEndpoint.VaultUpdate => Serve(fault, () => UpdateVault(id!, body), """{"id":"673f"""),
            _ => Serve(fault, () => _vault.Remove(id!) ? new Answer(HttpStatusCode.OK, string.Empty) : VaultNotFound(id!), """{"succ"""),
        };
    }

    private static Answer VaultNotFound(string id) =>
        Answer.Error(HttpStatusCode.NotFound, $"No connection with id '{Bounded(id)}' in this account.");

    private Answer ListVault(Dictionary<string, string> query)
    {
        if (!PositiveOr(query, "limit", VaultStore.DefaultLimit, out var limit) || !PositiveOr(query, "page", 1, out var page))
        {
            return Answer.Error(HttpStatusCode.BadRequest, "The query parameters 'limit' and 'page' must be positive integers.");
        }

        limit = Math.Min(limit, VaultStore.MaxLimit);
        if (query.TryGetValue("identityType", out var type) && Array.IndexOf(IdentityTypeNames, type) < 0)
        {
            return Answer.Error(HttpStatusCode.BadRequest, "'identityType' must be one of user, team, organization, project.");
        }

        var active = true;
        if (query.TryGetValue("active", out var activeText))
        {
            if (activeText is not ("true" or "false"))
            {
                return Answer.Error(HttpStatusCode.BadRequest, "'active' must be true or false.");
            }

            active = activeText == "true";
        }

        query.TryGetValue("identity", out var identity);
        query.TryGetValue("platform", out var platform);
        var keys = Split(query, "key") ?? Split(query, "keys"); // Pica's docs send key, @picahq/toolkit keys
        var tags = Split(query, "tags");
        var matching = _vault.Snapshot().Where(c =>
            c.Active == active
            && (identity is null || c.Identity == identity)
            && (type is null || WireName(c.IdentityType) == type)
            && (platform is null || c.Platform == platform)
            && (keys is null || keys.Contains(c.Key))
            && (tags is null || tags.All(c.Tags.Contains))).ToList();

        var total = matching.Count;
        var pages = (int)((total + (long)limit - 1) / limit);
        var rows = matching.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * limit)).Take(limit).ToList();
        return Answer.Json(VaultStore.PageJson(rows, total, pages, page));
    }

    private Answer UpdateVault(string id, string? body)
    {
        List<string> tags = [];
        try
        {
            using var document = JsonDocument.Parse(body ?? string.Empty);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("tags", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                return Answer.Error(HttpStatusCode.BadRequest, "The body must be a JSON object with a 'tags' array, e.g. {\"tags\":[\"crm\"]}.");
            }

            foreach (var tag in array.EnumerateArray())
            {
                if (tag.ValueKind != JsonValueKind.String)
                {
                    return Answer.Error(HttpStatusCode.BadRequest, "'tags' must hold strings only.");
                }

                tags.Add(tag.GetString()!);
            }
        }
        catch (JsonException)
        {
            return Answer.Error(HttpStatusCode.BadRequest, "The body is not valid JSON.");
        }

        return _vault.ReplaceTags(id, tags) is { } updated ? Answer.Json(VaultStore.Json(updated)) : VaultNotFound(id);
    }

    private static bool PositiveOr(Dictionary<string, string> query, string name, int fallback, out int value)
    {
        if (!query.TryGetValue(name, out var text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }

    private static string[]? Split(Dictionary<string, string> query, string name) =>
        query.TryGetValue(name, out var text) ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;

    private static string Bounded(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    private static string WireName(IdentityType identityType) => identityType switch
    {
        IdentityType.User => "user",
        IdentityType.Team => "team",
        IdentityType.Organization => "organization",
        IdentityType.Project => "project",
        _ => throw new ArgumentOutOfRangeException(nameof(identityType), identityType, "Not a defined IdentityType."),
    };

    private static string? WireName(IdentityType? identityType) => identityType is { } type ? WireName(type) : null;
}
