namespace AuthKit.Browser.Tests.Harness;

/// <summary>All browser tests share one <see cref="BrowserFixture"/> (one Chromium) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
