using System.Diagnostics.CodeAnalysis;

namespace AuthKit;

/// <summary>
/// The parts of a connection key, <c>environment::platform::namespace::id</c> with <c>|identity</c>
/// appended when the connection has an identity, e.g. <c>test::gmail::default::46f7…|user_123</c>.
/// The suffix is informative only: ownership is <see cref="PicaConnection.Identity"/> and
/// <see cref="PicaConnection.IdentityType"/> (older servers replaced spaces and colons in it with <c>-</c>).
/// </summary>
public sealed class PicaConnectionKey
{
    private PicaConnectionKey(string value, string environment, string platform, string @namespace, string id, string? identitySuffix)
    {
        Value = value;
        Environment = environment;
        Platform = platform;
        Namespace = @namespace;
        Id = id;
        IdentitySuffix = identitySuffix;
    }

    /// <summary>The whole key as Pica wrote it.</summary>
    public string Value { get; }

    /// <summary><c>live</c> or <c>test</c>.</summary>
    public string Environment { get; }

    /// <summary>The platform, e.g. <c>gmail</c>.</summary>
    public string Platform { get; }

    /// <summary>The namespace, usually <c>default</c>.</summary>
    public string Namespace { get; }

    /// <summary>The key's own id (not the connection's <see cref="PicaConnection.Id"/>).</summary>
    public string Id { get; }

    /// <summary>What follows <c>|</c>: the identity as the key carries it; <see langword="null"/> without one.</summary>
    public string? IdentitySuffix { get; }

    /// <summary>Parses <paramref name="key"/>.</summary>
    /// <param name="key">A connection key.</param>
    /// <returns>Its parts.</returns>
    /// <exception cref="FormatException">The key is malformed; the message says which part is wrong.</exception>
    public static PicaConnectionKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryParse(key, out var parsed, out var problem) ? parsed : throw new FormatException($"The connection key is malformed: {problem}.");
    }

    /// <summary>Parses <paramref name="key"/>, without throwing.</summary>
    /// <param name="key">A connection key.</param>
    /// <param name="parsed">Its parts, when it is well formed.</param>
    /// <returns>Whether the key is well formed.</returns>
    public static bool TryParse([NotNullWhen(true)] string? key, [NotNullWhen(true)] out PicaConnectionKey? parsed) =>
        TryParse(key, out parsed, out _);

    /// <summary>The whole key.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;

    private static bool TryParse(string? key, [NotNullWhen(true)] out PicaConnectionKey? parsed, out string problem)
    {
        parsed = null;
        if (string.IsNullOrEmpty(key))
        {
            problem = "it is empty";
            return false;
        }

        if (key.Length > 1024)
        {
            problem = $"it is {key.Length} characters long, at most 1024 are allowed";
            return false;
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                problem = "it contains a control character";
                return false;
            }
        }

        var bar = key.IndexOf('|', StringComparison.Ordinal);
        var head = bar < 0 ? key : key[..bar];
        string? suffix = bar < 0 ? null : key[(bar + 1)..];
        var parts = head.Split("::");
        if (parts.Length != 4)
        {
            problem = $"it has {parts.Length} part(s) separated by '::', expected 4 (environment::platform::namespace::id, then optionally |identity)";
            return false;
        }

        if (parts[0] is not ("live" or "test"))
        {
            problem = "the environment (first part) must be 'live' or 'test'";
            return false;
        }

        string[] names = ["environment", "platform", "namespace", "id"];
        for (var i = 1; i < 4; i++)
        {
            if (parts[i].Length == 0 || parts[i].Contains(':', StringComparison.Ordinal))
            {
                problem = $"the {names[i]} (part {i + 1}) is empty or contains ':'";
                return false;
            }
        }

        if (suffix is { Length: 0 })
        {
            problem = "the identity after '|' is empty";
            return false;
        }

        problem = string.Empty;
        parsed = new PicaConnectionKey(key, parts[0], parts[1], parts[2], parts[3], suffix);
        return true;
    }
}
