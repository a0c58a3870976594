namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// A fact that needs the real browser: skipped, with how to install it, when Chromium is missing, unless
/// <c>AUTHKIT_REQUIRE_BROWSER=1</c> makes a missing browser a failure (xunit 2 has no dynamic skip, hence the attribute).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsRequired)
        {
            Skip = Chromium.MissingMessage + $" (set {Chromium.RequireVariable}=1 to fail instead of skipping)";
        }
    }
}
