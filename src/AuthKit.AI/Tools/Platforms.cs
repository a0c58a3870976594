namespace AuthKit.Tools;

/// <summary>Platform names as the catalogue writes them (<c>gmail</c>, <c>google-sheets</c>, <c>microsoft.teams</c>).</summary>
internal static class Platforms
{
    public static bool IsName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 100 || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Checked(ToolArguments arguments, ToolScope scope, string name = "platform")
    {
        var platform = arguments.String(name, required: true, maxLength: 100)!;
        if (!IsName(platform))
        {
            throw new ToolRefusal($"'{name}' must be a platform name such as gmail or google-sheets (letters, digits, '-', '_' and '.'); call list_integrations for the names.");
        }

        return scope.AllowsPlatform(platform) ? platform : throw new ToolRefusal($"The platform '{platform}' is not among the integrations this assistant may use.");
    }
}
