using System.Globalization;

namespace AuthKit.Emulator;

/// <summary>The command line of <c>authkit-emulator</c>, checked before anything starts.</summary>
internal sealed record EmulatorArguments
{
    public const string Usage = """
        Usage: authkit-emulator --port 5399 --secret-key sk_test_emulator [--connections 12] [--white-label] [--latency 40-60] [--seed 1] [--vault-identity user_123] [--platform pica|one]

        Serves Pica's AuthKit API (POST /v1/authkit, GET /v1/users/flags), the Vault (GET/PATCH/DELETE
        /v1/vault/connections) and the passthrough (echoes, /v1/passthrough/...) on 127.0.0.1 with fake connections,
        for local development: point AuthKit:BaseUrl (or PICA_BASE_URL) at it and use its key.

          --port N            port on 127.0.0.1, 0 to 65535 (0 picks a free one; the first line says which)
          --secret-key KEY    the one key it accepts, a test key (sk_test_ and visible ASCII); any other gets 401
          --connections N     fake connections served, 0 or more (default 12)
          --white-label       answers the white-label flag as on (default off)
          --latency MIN-MAX   delay of every answer in milliseconds, e.g. 40-60, or one number (default none)
          --seed N            seed of the fake connections and of the latency draws (default 1)
          --vault-identity ID the user whose connections the Vault holds (as many as --connections; default user_123)
          --platform NAME     the dialect spoken, pica (default) or one: One's X-One-Secret, POST /v1/authkit/token,
                              GET /v1/users/whoami and x-one-* passthrough headers; the other platform's get 401/404
          --help              shows this

        Each request is logged in one line (never the key). Ctrl+C stops it (exit 0); bad arguments exit 2.

        """;

    // The identity the README's Quickstart and the samples sign in as.
    public const string DefaultVaultIdentity = "user_123";

    public required int Port { get; init; }

    public required string SecretKey { get; init; }

    public int Connections { get; init; } = 12;

    public bool WhiteLabel { get; init; }

    public TimeSpan MinLatency { get; init; }

    public TimeSpan MaxLatency { get; init; }

    public int Seed { get; init; } = 1;

    public string VaultIdentity { get; init; } = DefaultVaultIdentity;

    public AuthKitPlatform Platform { get; init; } = AuthKitPlatform.Pica;

    /// <summary>
    /// Reads <paramref name="args"/>: the arguments, or <paramref name="error"/> saying what is wrong (never
    /// quoting the key, which may be a real one given by mistake), or neither when help was asked for.
    /// </summary>
    public static EmulatorArguments? Parse(IReadOnlyList<string> args, out string? error, out bool help)
    {
        error = null;
        help = false;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (name is "--help" or "-h" or "-?")
            {
                help = true;
                return null;
            }

            if (!Options.TryGetValue(name, out var takesValue))
            {
                error = arg.StartsWith('-') ? $"unknown option '{Printable(name)}'" : $"unexpected argument '{Printable(name)}' (options start with --)";
                return null;
            }

            if (values.ContainsKey(name))
            {
                error = $"{name} is given twice";
                return null;
            }

            string? value = null;
            if (equals > 0)
            {
                value = arg[(equals + 1)..];
                if (!takesValue)
                {
                    error = $"{name} takes no value";
                    return null;
                }
            }
            else if (takesValue)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = $"{name} needs a value";
                    return null;
                }

                value = args[++i];
            }

            values[name] = value;
        }

        error = Check(values, out var parsed);
        return error is null ? parsed : null;
    }

    private static readonly Dictionary<string, bool> Options = new(StringComparer.Ordinal)
    {
        ["--port"] = true,
        ["--secret-key"] = true,
        ["--connections"] = true,
        ["--white-label"] = false,
        ["--latency"] = true,
        ["--seed"] = true,
        ["--vault-identity"] = true,
        ["--platform"] = true,
    };

    private static string? Check(Dictionary<string, string?> values, out EmulatorArguments? parsed)
    {
        parsed = null;
        if (!values.TryGetValue("--port", out var portText))
        {
            return "--port is required (e.g. --port 5399)";
        }

        if (!TryInt(portText, out var port) || port > 65535)
        {
            return $"--port must be a number from 0 to 65535, not '{Printable(portText)}'";
        }

        if (!values.TryGetValue("--secret-key", out var key))
        {
            return "--secret-key is required (e.g. --secret-key sk_test_emulator)";
        }

        if (key is null || !key.StartsWith("sk_test_", StringComparison.Ordinal) || key.Length == "sk_test_".Length || key.Any(c => c is < '!' or > '~'))
        {
            // Not quoted: it may be a live key pasted by mistake.
            return "--secret-key must be a test key: 'sk_test_' followed by visible ASCII characters (the emulator never takes a live key)";
        }

        var connections = 12;
        if (values.TryGetValue("--connections", out var connectionsText) && !TryInt(connectionsText, out connections))
        {
            return $"--connections must be a number, 0 or more, not '{Printable(connectionsText)}'";
        }

        var seed = 1;
        if (values.TryGetValue("--seed", out var seedText) && !TryInt(seedText, out seed))
        {
            return $"--seed must be a number, 0 or more, not '{Printable(seedText)}'";
        }

        int min = 0, max = 0;
        if (values.TryGetValue("--latency", out var latencyText) && !TryLatency(latencyText, out min, out max))
        {
            return $"--latency must be milliseconds MIN-MAX with MIN <= MAX (e.g. 40-60) or one number, not '{Printable(latencyText)}'";
        }

        var vaultIdentity = DefaultVaultIdentity;
        if (values.TryGetValue("--vault-identity", out var identityText))
        {
            if (string.IsNullOrEmpty(identityText) || identityText.Length > 256 || identityText.Any(c => c is < '!' or > '~'))
            {
                return $"--vault-identity must be 1 to 256 visible ASCII characters, not '{Printable(identityText)}'";
            }

            vaultIdentity = identityText;
        }

        var platform = AuthKitPlatform.Pica;
        if (values.TryGetValue("--platform", out var platformText))
        {
            var named = AuthKitPlatformDialect.All.FirstOrDefault(d => string.Equals(d.Name, platformText, StringComparison.OrdinalIgnoreCase));
            if (named is null)
            {
                return $"--platform must be {string.Join(" or ", AuthKitPlatformDialect.All.Select(d => d.Name.ToLowerInvariant()))}, not '{Printable(platformText)}'";
            }

            platform = named.Platform;
        }

        parsed = new EmulatorArguments
        {
            Platform = platform,
            Port = port,
            SecretKey = key,
            Connections = connections,
            WhiteLabel = values.ContainsKey("--white-label"),
            MinLatency = TimeSpan.FromMilliseconds(min),
            MaxLatency = TimeSpan.FromMilliseconds(max),
            Seed = seed,
            VaultIdentity = vaultIdentity,
        };
        return null;
    }

    private static bool TryLatency(string? text, out int min, out int max)
    {
        max = 0;
        var parts = (text ?? string.Empty).Split('-');
        if (parts.Length is < 1 or > 2 || !TryInt(parts[0], out min) || min > 600_000)
        {
            min = 0;
            return false;
        }

        max = min;
        return parts.Length == 1 || (TryInt(parts[1], out max) && max >= min && max <= 600_000);
    }

    private static bool TryInt(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    // What the user typed, shown back bounded and without control characters.
    private static string Printable(string? text)
    {
        var shown = new string([.. (text ?? string.Empty).Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
        return text is { Length: > 40 } ? shown + "…" : shown;
    }
}
