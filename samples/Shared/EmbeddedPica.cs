using AuthKit.Testing;

namespace AuthKit.Samples;

/// <summary>
/// The samples' embedded default: with no <c>AuthKit:SecretKey</c> configured, a sample starts a
/// <see cref="PicaEmulator"/> in-process and points AuthKit at it, so that it works on a fresh
/// machine without a Pica account. Never used once a key is configured. Linked into each sample.
/// </summary>
public static class EmbeddedPica
{
    /// <summary>Fake integrations (rows) in each token the embedded emulator serves.</summary>
    public const int Connections = 12;

    /// <summary>The Quickstart's user, whose connections the embedded emulator's Vault holds.</summary>
    public const string VaultIdentity = "user_123";

    private const string SecretKeyPath = $"{AuthKitOptions.SectionName}:{nameof(AuthKitOptions.SecretKey)}";
    private const string PlatformPath = $"{AuthKitOptions.SectionName}:{nameof(AuthKitOptions.Platform)}";

    /// <summary>
    /// Starts the emulator when <c>AuthKit:SecretKey</c> is empty, speaking the platform <c>AuthKit:Platform</c>
    /// names (Pica unless it says One), and overrides <c>AuthKit:SecretKey</c> and <c>AuthKit:BaseUrl</c> with its
    /// key and address; otherwise does nothing.
    /// </summary>
    /// <param name="configuration">The app's configuration, before services read it.</param>
    /// <param name="latency">Latency of every answer, drawn between these bounds, or <see langword="null"/> for none.</param>
    /// <returns>The emulator started, or <see langword="null"/> when a key is configured.</returns>
    public static PicaEmulator? StartIfNoKey(IConfigurationManager configuration, (TimeSpan Min, TimeSpan Max)? latency = null)
    {
        if (!string.IsNullOrWhiteSpace(configuration[SecretKeyPath]))
        {
            return null;
        }

        // An unknown platform name is left to the SDK's validation, which names the choices at start.
        var platform = Enum.TryParse<AuthKitPlatform>(configuration[PlatformPath], ignoreCase: true, out var configured) && Enum.IsDefined(configured)
            ? configured
            : AuthKitPlatform.Pica;
        var emulator = PicaEmulator.Start(new PicaEmulatorOptions { Platform = platform }).SeedConnections(Connections, seed: 1);
        // What the Quickstart's user_123 would have left in Pica's Vault after connecting two integrations
        // in the modal: GET /authkit-connections lists them.
        emulator.Connect(VaultIdentity, IdentityType.User, "gmail");
        emulator.Connect(VaultIdentity, IdentityType.User, "slack");
        if (latency is { } l)
        {
            emulator.WithLatency(l.Min, l.Max);
        }

        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SecretKeyPath] = emulator.SecretKey,
            [$"{AuthKitOptions.SectionName}:{nameof(AuthKitOptions.BaseUrl)}"] = emulator.Url.ToString(),
        });
        return emulator;
    }

    /// <summary>Logs, loudly, that tokens come from the emulator and not from the platform.</summary>
    /// <param name="logger">Where to log.</param>
    /// <param name="emulator">The emulator started.</param>
    /// <remarks>
    /// It counts the two lists apart, as the app will see them: a token's rows are the integrations the modal
    /// offers, the Vault's connections are what a user connected; "12 connections" then "2 connection(s)" read as a contradiction.
    /// </remarks>
    public static void LogWarning(ILogger logger, PicaEmulator emulator) =>
        logger.LogWarning(
            "AuthKit:SecretKey is not set: AuthKit tokens come from the in-process {Platform} emulator at {EmulatorUrl}, NOT from {Platform}: " +
            "each token lists {Integrations} fake integrations, and its Vault holds {VaultConnections} connection(s) of {VaultIdentity}. " +
            "Set AuthKit:SecretKey (appsettings.json or environment variable AuthKit__SecretKey) to use the platform.",
            emulator.Dialect.Name, emulator.Url, emulator.Dialect.Name, emulator.Connections.Count, emulator.VaultConnections.Count(c => c.Identity == VaultIdentity), VaultIdentity);
}
