namespace AuthKit.Testing;

/// <summary>Which part of Pica's API a request was for.</summary>
public enum PicaEndpoint
{
    /// <summary>Neither endpoint below (answered 404).</summary>
    Unknown,

    /// <summary><c>POST /v1/authkit?limit={limit}&amp;page={page}</c>: one page of a token.</summary>
    TokenPage,

    /// <summary><c>GET /v1/users/flags</c>: the account's flags (white label).</summary>
    Flags,
}
