namespace AuthKit;

/// <summary>
/// Which platform the SDK speaks to: Pica (<c>https://api.picaos.com</c>) or the same platform under its new
/// name, One (<c>https://api.withone.ai</c>). What differs between the two is described by
/// <see cref="AuthKitPlatformDialect"/>.
/// </summary>
public enum AuthKitPlatform
{
    /// <summary>Pica: <c>X-Pica-Secret</c>, <c>POST /v1/authkit</c>, the white-label flag. The default.</summary>
    Pica = 0,

    /// <summary>One (withone.ai): <c>X-One-Secret</c>, <c>POST /v1/authkit/token</c>, no flags call.</summary>
    One = 1,
}
