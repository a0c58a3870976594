using AuthKit.Testing;

namespace AuthKit.Sample.Worker;

/// <summary>
/// The embedded default: with no <c>AuthKit:SecretKey</c> configured, the worker starts a
/// <see cref="PicaEmulator"/> in-process (with some latency, so that the batch's concurrency shows)
/// and points AuthKit at it. Never used once a key is configured.
/// </summary>
public static class EmbeddedPica
{
    /// <summary>Fake connections the embedded emulator serves.</summary>
    public const int Connections = 12;

    /// <summary>
    /// Starts the emulator when <c>AuthKit:SecretKey</c> is empty and overrides <c>AuthKit:SecretKey</c>
    /// and <c>AuthKit:BaseUrl</c> with its key and address; otherwise does nothing.
    /// </summary>
    /// <param name="configuration">The app's configuration, before services read it.</param>
    /// <returns>The emulator started, or <see langword="null"/> when a key is configured.</returns>
    public static PicaEmulator? StartIfNoKey(IConfigurationManager configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[$"{AuthKitOptions.SectionName}:{nameof(AuthKitOptions.SecretKey)}"]))
        {
            return null;
        }

        var emulator = PicaEmulator.Start()
            .SeedConnections(Connections, seed: 1)
            .WithLatency(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250));
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{AuthKitOptions.SectionName}:{nameof(AuthKitOptions.SecretKey)}"] = emulator.SecretKey,
            [$"{AuthKitOptions.SectionName}:{nameof(AuthKitOptions.BaseUrl)}"] = emulator.Url.ToString(),
        });
        return emulator;
    }

    /// <summary>Logs, loudly, that tokens come from the emulator and not from Pica.</summary>
    /// <param name="logger">Where to log.</param>
    /// <param name="emulator">The emulator started.</param>
    public static void LogWarning(ILogger logger, PicaEmulator emulator) =>
        logger.LogWarning(
            "AuthKit:SecretKey is not set: creating tokens with the in-process Pica emulator at {EmulatorUrl} ({Connections} fake connections, 50-250 ms latency), NOT with Pica. " +
            "Set AuthKit:SecretKey (appsettings.json or environment variable AuthKit__SecretKey) to use Pica.",
            emulator.Url, emulator.Connections.Count);
}
