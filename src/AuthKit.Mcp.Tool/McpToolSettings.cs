using Microsoft.Extensions.Configuration;

namespace AuthKit.Mcp.Tool;

/// <summary>
/// What <c>authkit-mcp</c> serves, read from configuration (environment variables, command-line arguments):
/// the one identity whose tools it serves and what the tools may do. The AuthKit client's own settings
/// (<c>AuthKit:SecretKey</c>, <c>AuthKit:Platform</c>, <c>AuthKit:BaseUrl</c>…) are <see cref="AuthKitOptions"/>'s.
/// </summary>
internal sealed record McpToolSettings(string Identity, IdentityType IdentityType, PicaToolOptions Tools)
{
    /// <summary>The section of this tool's own settings.</summary>
    public const string SectionName = "AuthKit:Mcp";

    /// <summary>The section bound to <see cref="PicaToolOptions"/>.</summary>
    public const string ToolsSectionName = "AuthKit:Mcp:Tools";

    /// <summary>
    /// Reads the settings, or says what is missing or wrong, each problem naming its setting as configuration
    /// and as an environment variable. The secret key is only checked for presence here (AuthKit checks its
    /// form at start); no value of it is ever quoted.
    /// </summary>
    public static McpToolSettings? Read(IConfiguration configuration, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        problems = found;

        if (string.IsNullOrWhiteSpace(configuration[$"{AuthKitOptions.SectionName}:{nameof(AuthKitOptions.SecretKey)}"]))
        {
            found.Add($"{Name(AuthKitOptions.SectionName, nameof(AuthKitOptions.SecretKey))} is not set: set it to your Pica or One secret key (sk_live_… or sk_test_…).");
        }

        var identity = configuration[$"{SectionName}:Identity"];
        if (string.IsNullOrWhiteSpace(identity))
        {
            found.Add($"{Name(SectionName, "Identity")} is not set: set it to the identity whose connections the tools serve (your user's, team's… id, as your app passes to AuthKit).");
        }

        var identityType = IdentityType.User;
        var typeText = configuration[$"{SectionName}:IdentityType"];
        if (!string.IsNullOrWhiteSpace(typeText) && !TryParseIdentityType(typeText.Trim(), out identityType))
        {
            found.Add($"{Name(SectionName, "IdentityType")} must be user, team, organization or project, not '{Printable(typeText)}'.");
        }

        var tools = ReadTools(configuration.GetSection(ToolsSectionName), found);
        return found.Count == 0 ? new McpToolSettings(identity!.Trim(), identityType, tools!) : null;
    }

    /// <summary>The setting as configuration names it and as an environment variable sets it (<c>__</c> for <c>:</c>).</summary>
    public static string Name(string section, string key)
    {
        var name = $"{section}:{key}";
        return $"{name} ({name.Replace(":", "__", StringComparison.Ordinal)})";
    }

    private static PicaToolOptions? ReadTools(IConfigurationSection section, List<string> problems)
    {
        var tools = new PicaToolOptions();
        try
        {
            section.Bind(tools);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the setting and the type ("Failed to convert configuration value at 'AuthKit:Mcp:Tools:Permissions'…").
            problems.Add(Permissions(section) ?? ex.Message);
            return null;
        }

        // One's server takes comma-separated lists (ONE_CONNECTION_KEYS=a,b); so does a plain value here.
        // The indexed form (…__Connectors__0) binds as any list does.
        tools.Connectors = CommaList(section, nameof(PicaToolOptions.Connectors)) ?? tools.Connectors;
        tools.Actions = CommaList(section, nameof(PicaToolOptions.Actions)) ?? tools.Actions;
        return tools;
    }

    // A clearer word than the binder's for the setting most often mistyped.
    private static string? Permissions(IConfigurationSection section) =>
        section[nameof(PicaToolOptions.Permissions)] is { Length: > 0 } value && !Enum.TryParse<PicaToolPermissions>(value, ignoreCase: true, out _)
            ? $"{Name(section.Path, nameof(PicaToolOptions.Permissions))} must be read, write or admin, not '{Printable(value)}'."
            : null;

    private static List<string>? CommaList(IConfigurationSection section, string key)
    {
        var value = section[key];
        if (value is null || section.GetSection(key).GetChildren().Any())
        {
            return null;
        }

        return [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    // Names only: Enum.TryParse also takes "1" or "user,team".
    private static bool TryParseIdentityType(string text, out IdentityType type) =>
        Enum.TryParse(text, ignoreCase: true, out type) && Enum.IsDefined(type) && text.All(char.IsAsciiLetter);

    // A value is echoed only to say what was wrong with it; the secret key is never one of them.
    private static string Printable(string value)
    {
        var text = new string([.. value.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
        return value.Length > 40 ? text + "…" : text;
    }
}
