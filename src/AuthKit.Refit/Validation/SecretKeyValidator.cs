namespace AuthKit;

/// <summary>
/// Checks the secret key and says what is wrong with it without quoting it: not set, or the kind and
/// index of the first character that cannot be in a key (the usual culprit is a line break or a space
/// copied along with the key from a file), or a wrong prefix. A DataAnnotations pattern can only say
/// "does not match"; this says where, which a user can act on without printing the key.
/// </summary>
internal static class SecretKeyValidator
{
    private const string Property = "AuthKitOptions.SecretKey";
    private const string Live = "sk_live_";
    private const string Test = "sk_test_";

    /// <summary>What is wrong with <paramref name="key"/>, or <see langword="null"/> for a well-formed key.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return $"{Property} is not set: set it to your Pica secret key ({Live}… or {Test}…), e.g. AuthKit:SecretKey in configuration (AuthKit__SecretKey in the environment).";
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return $"{Property} is blank ({key.Length} white-space character(s)): set it to your Pica secret key ({Live}… or {Test}…).";
        }

        for (var index = 0; index < key.Length; index++)
        {
            if (key[index] is > ' ' and <= '~')
            {
                continue;
            }

            var (kind, isSpace) = Describe(key[index]);
            var rule = isSpace ? "keys have no white space" : "keys hold visible ASCII characters only";
            return $"{Property} has {kind} at index {index}; {rule}.{Where(key, index)}";
        }

        if (!key.StartsWith(Live, StringComparison.Ordinal) && !key.StartsWith(Test, StringComparison.Ordinal))
        {
            var caseOnly = key.StartsWith(Live, StringComparison.OrdinalIgnoreCase) || key.StartsWith(Test, StringComparison.OrdinalIgnoreCase);
            return caseOnly
                ? $"{Property} must start with '{Live}' or '{Test}' in lower case."
                : $"{Property} must start with '{Live}' or '{Test}': the value set is not a Pica secret key.";
        }

        return key.Length == Live.Length
            ? $"{Property} has nothing after its prefix ('{(key[3] == 'l' ? Live : Test)}'): the key was cut short."
            : null;
    }

    // A character outside the key's alphabet; nothing of the key itself is named.
    private static (string Kind, bool IsSpace) Describe(char c) => c switch
    {
        '\r' or '\n' or '\u0085' or '\u2028' or '\u2029' => ("a line break", true),
        '\t' => ("a tab", true),
        ' ' => ("a space", true),
        '\u00A0' or '\u2007' or '\u202F' => ("a non-breaking space", true),
        '\uFEFF' => ("a byte order mark (an invisible character some editors put at the start of a file)", false),
        _ when char.IsWhiteSpace(c) => ("a white-space character", true),
        _ when char.IsControl(c) => ("a control character", false),
        _ when char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format => ("an invisible formatting character (such as a zero-width space)", false),
        _ => ("a non-ASCII character", false),
    };

    // Where the bad character sits says what happened: at either end, the key was copied with its
    // surroundings (the end of a line in a file, a quote's padding) and only needs trimming.
    private static string Where(string key, int index)
    {
        if (index > 0 && IsTrimmable(key.AsSpan(index)))
        {
            return " It ends the key: trim what was copied along with it (the end of a line in a file, say).";
        }

        return index == 0 ? " It starts the key: trim what was copied along with it." : string.Empty;
    }

    private static bool IsTrimmable(ReadOnlySpan<char> tail)
    {
        foreach (var c in tail)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && c != '\uFEFF')
            {
                return false;
            }
        }

        return true;
    }
}
