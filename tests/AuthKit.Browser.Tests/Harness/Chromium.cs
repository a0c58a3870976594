namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// Debian's chromium, the browser these tests drive (never a downloaded one). On a developer's machine
/// without it the tests are skipped; with <c>AUTHKIT_REQUIRE_BROWSER=1</c> (CI) a missing browser fails them.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public const string RequireVariable = "AUTHKIT_REQUIRE_BROWSER";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static string MissingMessage =>
        $"Chromium not found at {ExecutablePath}: install it with `sudo apt-get install chromium` to run the real-browser tests.";
}
