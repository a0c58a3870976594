using System.Globalization;
using System.Text.Json;
using Bogus;

namespace AuthKit.Testing.Internal;

/// <summary>
/// The emulator's Vault: the account's connections, newest first (as Pica lists them), under one lock.
/// Ids and key ids come from a seeded generator, so a test that connects the same things in the same order
/// gets the same ids.
/// </summary>
internal sealed class VaultStore
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 150;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly (string Platform, string Description)[] Platforms =
    [
        ("gmail", "Email by Google"), ("slack", "Team messaging"), ("hubspot", "CRM platform"), ("notion", "Notes and docs"),
        ("salesforce", "CRM platform"), ("github", "Code hosting"), ("google-calendar", "Calendar by Google"),
        ("shopify", "Commerce platform"), ("stripe", "Payments"), ("linear", "Issue tracking"), ("resend", "Email API for developers"),
    ];

    private static readonly string[] Tags = ["crm", "email", "sales", "support", "internal", "beta"];

    private static readonly DateTimeOffset Earliest = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly object _gate = new();
    private readonly List<PicaConnection> _oldestFirst = [];
    private readonly Random _ids = new(17);
    private long _clock;

    public IReadOnlyList<PicaConnection> Snapshot()
    {
        lock (_gate)
        {
            return [.. Enumerable.Reverse(_oldestFirst)];
        }
    }

    public PicaConnection Add(string identity, string identityType, string platform, string? description = null, IReadOnlyList<string>? tags = null, bool active = true)
    {
        lock (_gate)
        {
            var connection = Create(_ids, identity, identityType, platform, description, tags ?? [], active, Earliest.AddMinutes(++_clock));
            _oldestFirst.Add(connection);
            return connection;
        }
    }

    public void Seed(string identity, string identityType, int count, int seed)
    {
        var faker = new Faker { Random = new Randomizer(seed) };
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var (platform, description) = faker.PickRandom(Platforms);
                var tags = faker.Random.Bool(0.4f) ? faker.PickRandom(Tags, faker.Random.Int(1, 2)).ToArray() : [];
                var connection = Create(faker.Random, identity, identityType, platform, description, tags, faker.Random.Bool(0.9f), Earliest.AddMinutes(++_clock));
                _oldestFirst.Add(connection);
            }
        }
    }

    public PicaConnection? Find(string id)
    {
        lock (_gate)
        {
            return _oldestFirst.Find(c => c.Id == id);
        }
    }

    public PicaConnection? ReplaceTags(string id, IReadOnlyList<string> tags)
    {
        lock (_gate)
        {
            var index = _oldestFirst.FindIndex(c => c.Id == id);
            if (index < 0)
            {
                return null;
            }

            var old = _oldestFirst[index];
            var updated = new PicaConnection
            {
                Id = old.Id,
                Key = old.Key,
                Platform = old.Platform,
                PlatformVersion = old.PlatformVersion,
                Name = old.Name,
                Type = old.Type,
                Environment = old.Environment,
                Identity = old.Identity,
                IdentityType = old.IdentityType,
                Description = old.Description,
                State = old.State,
                Tags = [.. tags],
                Version = old.Version,
                Active = old.Active,
                CreatedAt = old.CreatedAt,
            };
            _oldestFirst[index] = updated;
            return updated;
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            return _oldestFirst.RemoveAll(c => c.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _oldestFirst.Clear();
        }
    }

    public static string Json(PicaConnection connection) => JsonSerializer.Serialize(connection, Web);

    public static string PageJson(IReadOnlyList<PicaConnection> rows, int total, int pages, int page)
    {
        var rowsJson = string.Join(",", rows.Select(Json));
        return string.Create(CultureInfo.InvariantCulture, $$"""{"rows":[{{rowsJson}}],"total":{{total}},"pages":{{pages}},"page":{{page}}}""");
    }

    private static PicaConnection Create(
        Random random, string identity, string identityType, string platform, string? description, IReadOnlyList<string> tags, bool active, DateTimeOffset createdAt)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        var id = new Guid(bytes).ToString("D", CultureInfo.InvariantCulture);
        random.NextBytes(bytes);
        var keyId = Convert.ToHexString(bytes).ToLowerInvariant();
        return new PicaConnection
        {
            Id = id,
            // The older server replaced spaces and ':' in the identity with '-'; identities with them are refused by the SDK anyway.
            Key = $"test::{platform}::default::{keyId}|{identity.Replace(' ', '-').Replace(':', '-')}",
            Platform = platform,
            PlatformVersion = "1.0.0",
            Name = null,
            Type = "api",
            Environment = "test",
            Identity = identity,
            IdentityType = identityType switch
            {
                "user" => AuthKit.IdentityType.User,
                "team" => AuthKit.IdentityType.Team,
                "organization" => AuthKit.IdentityType.Organization,
                "project" => AuthKit.IdentityType.Project,
                _ => null,
            },
            Description = description ?? $"{platform} connection",
            State = "operational",
            Tags = tags,
            Version = "1.0.0",
            Active = active,
            CreatedAt = createdAt,
        };
    }

    private static PicaConnection Create(Randomizer random, string identity, string identityType, string platform, string? description, IReadOnlyList<string> tags, bool active, DateTimeOffset createdAt) =>
        Create(new Random(random.Int()), identity, identityType, platform, description, tags, active, createdAt);
}
