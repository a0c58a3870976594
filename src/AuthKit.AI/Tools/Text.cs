namespace AuthKit.Tools;

/// <summary>Text from a model or a server, made safe for a message: control characters dropped, length bounded.</summary>
internal static class Text
{
    public static string Clean(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var cleaned = new System.Text.StringBuilder(Math.Min(value.Length, maxLength + 1));
        foreach (var c in value)
        {
            if (cleaned.Length == maxLength)
            {
                cleaned.Append('…');
                break;
            }

            if (!char.IsControl(c) && !char.IsSurrogate(c))
            {
                cleaned.Append(c);
            }
        }

        return cleaned.ToString();
    }

    /// <summary>At most <paramref name="maxLength"/> characters, never half a surrogate pair.</summary>
    public static string Cut(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var length = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return value[..length];
    }
}
