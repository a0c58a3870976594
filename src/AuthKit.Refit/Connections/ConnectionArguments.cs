using System.Globalization;
using System.Text;

namespace AuthKit;

/// <summary>
/// Checks what a connections call is given before anything is sent: ids and platform names go into the
/// path or the query, tags and keys into comma-separated lists, so each is bounded and kept to characters
/// that cannot change the request's meaning.
/// </summary>
internal static class ConnectionArguments
{
    public const int MaxIdLength = 128;
    public const int MaxPlatformLength = 100;
    public const int MaxTagLength = 100;
    public const int MaxTags = 100;
    public const int MaxKeyLength = 1024;
    public const int MaxKeys = 100;

    /// <summary>An id: ASCII letters, digits, <c>-</c> and <c>_</c> (Pica's ids are UUIDs).</summary>
    public static void Id(string id, string paramName = "id")
    {
        ArgumentNullException.ThrowIfNull(id, paramName);
        if (id.Length is 0 or > MaxIdLength)
        {
            throw new ArgumentException($"The connection id must be 1 to {MaxIdLength} characters long; it is {id.Length}.", paramName);
        }

        for (var i = 0; i < id.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(id[i]) || id[i] is '-' or '_'))
            {
                throw new ArgumentException(
                    $"The connection id holds {Describe(id[i])} at index {i}; ids hold only ASCII letters, digits, '-' and '_'.", paramName);
            }
        }
    }

    /// <summary>A platform name, e.g. <c>gmail</c>, <c>google-calendar</c>.</summary>
    public static void Platform(string platform, string what, string paramName)
    {
        ArgumentNullException.ThrowIfNull(platform, paramName);
        if (platform.Length is 0 or > MaxPlatformLength)
        {
            throw new ArgumentException($"{what} must be 1 to {MaxPlatformLength} characters long; it is {platform.Length}.", paramName);
        }

        for (var i = 0; i < platform.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(platform[i]) || platform[i] is '-' or '_' or '.'))
            {
                throw new ArgumentException(
                    $"{what} holds {Describe(platform[i])} at index {i}; platform names hold only ASCII letters, digits, '-', '_' and '.'.", paramName);
            }
        }
    }

    /// <summary>A set of tags: each non-blank, bounded, with no control character and no comma (the query's separator).</summary>
    public static string[] Tags(IEnumerable<string> tags, string what, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tags, paramName);
        var list = tags.ToArray();
        if (list.Length > MaxTags)
        {
            throw new ArgumentException($"{what} holds {list.Length} tags; at most {MaxTags} are allowed.", paramName);
        }

        for (var t = 0; t < list.Length; t++)
        {
            var tag = list[t] ?? throw new ArgumentException($"{what}[{t}] is null.", paramName);
            if (string.IsNullOrWhiteSpace(tag) || tag.Length > MaxTagLength)
            {
                throw new ArgumentException($"{what}[{t}] must be 1 to {MaxTagLength} characters long and not blank.", paramName);
            }

            Text(tag, $"{what}[{t}]", paramName, allowComma: false);
        }

        return list;
    }

    /// <summary>Connection keys: each well formed (<see cref="PicaConnectionKey"/>) and without a comma.</summary>
    public static void Keys(IReadOnlyList<string> keys, string paramName)
    {
        if (keys.Count > MaxKeys)
        {
            throw new ArgumentException($"PicaConnectionQuery.Keys holds {keys.Count} keys; at most {MaxKeys} are allowed.", paramName);
        }

        for (var k = 0; k < keys.Count; k++)
        {
            var key = keys[k] ?? throw new ArgumentException($"PicaConnectionQuery.Keys[{k}] is null.", paramName);
            Text(key, $"PicaConnectionQuery.Keys[{k}]", paramName, allowComma: false);
            if (!PicaConnectionKey.TryParse(key, out _))
            {
                // Parse says which part is wrong.
                try
                {
                    PicaConnectionKey.Parse(key);
                }
                catch (FormatException ex)
                {
                    throw new ArgumentException($"PicaConnectionQuery.Keys[{k}]: {ex.Message}", paramName, ex);
                }
            }
        }
    }

    /// <summary>A whole query.</summary>
    public static void Query(PicaConnectionQuery query, string paramName)
    {
        if (query.Identity is { } identity)
        {
            TokenRequestValidator.ValidateIdentity(identity, "PicaConnectionQuery.Identity", paramName);
        }

        if (query.IdentityType is { } type && !Enum.IsDefined(type))
        {
            throw new ArgumentException($"PicaConnectionQuery.IdentityType {(int)type} is not a defined IdentityType.", paramName);
        }

        if (query.Platform is { } platform)
        {
            Platform(platform, "PicaConnectionQuery.Platform", paramName);
        }

        if (query.Tags is { } tags)
        {
            Tags(tags, "PicaConnectionQuery.Tags", paramName);
        }

        if (query.Keys is { } keys)
        {
            Keys(keys, paramName);
        }
    }

    private static void Text(string value, string what, string paramName, bool allowComma)
    {
        var index = 0;
        while (index < value.Length)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                throw new ArgumentException($"{what} holds an unpaired surrogate at index {index} (not valid Unicode text).", paramName);
            }

            if (!allowComma && rune.Value == ',')
            {
                throw new ArgumentException($"{what} holds a comma at index {index}; Pica separates the values of the query with commas.", paramName);
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                throw new ArgumentException($"{what} holds a control or invisible formatting character at index {index}.", paramName);
            }

            index += consumed;
        }
    }

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) || c > 0x7E
        ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
        : $"'{c}'";
}
