namespace AuthKit.Browser.Tests.Harness;

/// <summary>A <see cref="BrowserFixture"/> whose https://authkit.picaos.com is a public address, as the real one is.</summary>
public sealed class PublicPicaBrowserFixture : BrowserFixture
{
    protected override bool PicaHostedIsPublic => true;
}
