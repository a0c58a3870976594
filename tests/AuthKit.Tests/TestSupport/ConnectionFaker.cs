using System.Text.Json;
using System.Text.Json.Nodes;
using Bogus;

namespace AuthKit.Tests.TestSupport;

/// <summary>Seeded rows shaped like Pica's, so a failing test fails the same way twice.</summary>
internal static class ConnectionFaker
{
    private static readonly string[] Platforms = ["gmail", "slack", "salesforce", "hubspot", "notion", "github", "stripe", "zendesk"];

    /// <summary>Rows as Pica's JSON; every third row carries fields this SDK version does not know.</summary>
    public static JsonArray Rows(int count, int seed = 7)
    {
        var faker = new Faker<AuthKitConnection>()
            .UseSeed(seed)
            .RuleFor(c => c.Id, f => f.IndexFaker + 9000L)
            .RuleFor(c => c.ConnectionDefId, f => f.Random.Long(100, 999))
            .RuleFor(c => c.Type, f => f.PickRandom(Platforms))
            .RuleFor(c => c.Title, (f, c) => char.ToUpperInvariant(c.Type[0]) + c.Type[1..])
            .RuleFor(c => c.Image, (f, c) => $"https://assets.example.test/{c.Type}.svg")
            .RuleFor(c => c.ActivatedAt, f => f.Date.Past(2, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"))
            .RuleFor(c => c.SecretId, f => f.Random.Bool() ? $"sec_{f.Random.AlphaNumeric(6)}" : null)
            .RuleFor(c => c.ClientSecretDisplay, f => f.Random.Bool(0.2f) ? "****" + f.Random.AlphaNumeric(4) : null)
            .RuleFor(c => c.ClientIdDisplay, _ => null)
            .RuleFor(c => c.Scopes, f => f.Random.Bool() ? "read write" : null)
            .RuleFor(c => c.Environment, _ => "test")
            .RuleFor(c => c.Guide, f => f.Random.Bool(0.3f) ? f.Internet.Url() : null)
            .RuleFor(c => c.CreatedAt, f => f.Date.Past(3, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"))
            .RuleFor(c => c.Tags, f => f.Make(f.Random.Int(0, 3), () => f.Commerce.Department()).ToList())
            .RuleFor(c => c.Active, f => f.Random.Bool(0.9f));

        var rows = new JsonArray();
        var index = 0;
        foreach (var connection in faker.Generate(count))
        {
            var row = JsonSerializer.SerializeToNode(connection, JsonSerializerOptions.Web)!.AsObject();
            if (index++ % 3 == 0)
            {
                row["beta"] = new JsonObject { ["oauthV2"] = true, ["since"] = "2026-02-01", ["limits"] = new JsonArray(1, 2, 3) };
                row["badge"] = null;
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Splits rows into Pica's page answers (<c>pages</c> = ceil(total / pageSize), at least 1).</summary>
    public static List<JsonObject> Pages(JsonArray rows, int pageSize, long firstRequestId = 70001)
    {
        var pages = Math.Max(1, (rows.Count + pageSize - 1) / pageSize);
        var answers = new List<JsonObject>();
        for (var page = 1; page <= pages; page++)
        {
            var slice = new JsonArray();
            foreach (var row in rows.Skip((page - 1) * pageSize).Take(pageSize))
            {
                slice.Add(row!.DeepClone());
            }

            answers.Add(new JsonObject
            {
                ["rows"] = slice,
                ["total"] = rows.Count,
                ["pages"] = pages,
                ["page"] = page,
                ["requestId"] = firstRequestId + page - 1,
            });
        }

        return answers;
    }
}
