using System.Globalization;
using Bogus;

namespace AuthKit.Testing.Internal;

/// <summary>Seeded fake connections shaped as Pica's rows: the same seed and count always give the same rows.</summary>
internal static class ConnectionFaker
{
    private static readonly (string Type, string Title)[] Platforms =
    [
        ("gmail", "Gmail"), ("slack", "Slack"), ("hubspot", "HubSpot"), ("notion", "Notion"),
        ("salesforce", "Salesforce"), ("github", "GitHub"), ("google-calendar", "Google Calendar"),
        ("google-drive", "Google Drive"), ("shopify", "Shopify"), ("stripe", "Stripe"),
        ("zendesk", "Zendesk"), ("jira", "Jira"), ("asana", "Asana"), ("airtable", "Airtable"),
        ("intercom", "Intercom"), ("linear", "Linear"), ("quickbooks", "QuickBooks"), ("xero", "Xero"),
        ("microsoft-teams", "Microsoft Teams"), ("outlook-mail", "Outlook Mail"), ("pipedrive", "Pipedrive"),
        ("mailchimp", "Mailchimp"), ("zoom", "Zoom"), ("dropbox", "Dropbox"),
    ];

    private static readonly string[] Tags = ["crm", "email", "productivity", "finance", "support", "storage", "dev-tools", "marketing"];

    private static readonly string[] Scopes = ["read", "write", "read write", "offline_access read", "admin"];

    // Fixed bounds (not "now") keep the dates the same on every run.
    private static readonly DateTime Earliest = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(2025, 6, 30, 0, 0, 0, DateTimeKind.Utc);

    public static AuthKitConnection[] Generate(int count, int seed)
    {
        var index = 0;
        var faker = new Faker<AuthKitConnection>()
            .UseSeed(seed)
            .CustomInstantiator(f =>
            {
                var n = index++;
                var (type, title) = f.PickRandom(Platforms);
                var created = f.Date.Between(Earliest, Latest);
                var activated = created.AddDays(f.Random.Int(0, 90)).AddMinutes(f.Random.Int(0, 1440));
                var hasSecret = f.Random.Bool(0.7f);
                return new AuthKitConnection
                {
                    Id = 9001 + n,
                    ConnectionDefId = 501 + (Array.FindIndex(Platforms, p => p.Type == type) * 7),
                    Type = type,
                    Title = title,
                    Image = $"https://assets.picaos.com/connectors/{type}.svg",
                    ActivatedAt = f.Random.Bool(0.9f) ? Timestamp(activated) : null,
                    SecretId = hasSecret ? $"sec_{f.Random.AlphaNumeric(12)}" : null,
                    ClientSecretDisplay = hasSecret ? $"****{f.Random.AlphaNumeric(4)}" : null,
                    ClientIdDisplay = hasSecret ? $"{f.Random.AlphaNumeric(6)}****" : null,
                    Scopes = f.Random.Bool(0.8f) ? f.PickRandom(Scopes) : null,
                    Environment = "test",
                    Guide = f.Random.Bool(0.3f) ? $"https://docs.picaos.com/connectors/{type}" : null,
                    CreatedAt = Timestamp(created),
                    Tags = f.Random.Bool(0.6f) ? f.PickRandom(Tags, f.Random.Int(1, 3)).ToArray() : [],
                    Active = f.Random.Bool(0.9f),
                };
            });

        return faker.Generate(count).ToArray();
    }

    // Pica's timestamps: ISO 8601 UTC with milliseconds, e.g. 2025-01-10T08:30:00.000Z.
    private static string Timestamp(DateTime value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
