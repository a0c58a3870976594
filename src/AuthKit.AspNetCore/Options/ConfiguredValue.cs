using System.Text;

namespace AuthKit;

/// <summary>
/// A configured value as it may appear in an error message or a log: control characters replaced and
/// the length bounded, so that neither a typo nor a hostile value can break a log line or flood it.
/// </summary>
internal static class ConfiguredValue
{
    public const int MaxLength = 100;

    public static string Clean(string? value, int maxLength = MaxLength)
    {
        if (value is null)
        {
            return "(null)";
        }

        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 1);
        foreach (var c in value)
        {
            if (builder.Length == maxLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' ? '?' : c);
        }

        return builder.ToString();
    }
}
