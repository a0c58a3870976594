namespace AuthKit.Testing;

/// <summary>Which part of Pica's API a request was for.</summary>
public enum PicaEndpoint
{
    /// <summary>None of the endpoints below (answered 404 or 405).</summary>
    Unknown,

    /// <summary><c>POST /v1/authkit?limit={limit}&amp;page={page}</c>: one page of a token.</summary>
    TokenPage,

    /// <summary><c>GET /v1/users/flags</c>: the account's flags (white label).</summary>
    Flags,

    /// <summary><c>GET /v1/vault/connections</c>: one page of the Vault's connections.</summary>
    VaultList,

    /// <summary><c>GET /v1/vault/connections/{id}</c>: one connection.</summary>
    VaultGet,

    /// <summary><c>PATCH /v1/vault/connections/{id}</c>: a connection's tags replaced.</summary>
    VaultUpdate,

    /// <summary><c>DELETE /v1/vault/connections/{id}</c>: a connection deleted.</summary>
    VaultDelete,

    /// <summary><c>{ANY METHOD} /v1/passthrough/{path}</c>: a call to the integration through a Vault connection.</summary>
    Passthrough,

    /// <summary><c>GET /v1/users/whoami</c>: One's check of the key (served on <see cref="AuthKitPlatform.One"/> only).</summary>
    WhoAmI,

    /// <summary><c>GET /v1/available-connectors</c>: one page of the connectors that can be connected.</summary>
    ConnectorList,

    /// <summary><c>GET /v1/available-actions/{platform}</c>: one page of a platform's actions.</summary>
    ActionList,

    /// <summary><c>GET /v1/available-actions/search/{platform}?query=…</c>: a platform's actions that match words.</summary>
    ActionSearch,

    /// <summary><c>GET /v1/knowledge?_id=…</c>: an action's knowledge (<c>ETag</c>, 304 on <c>If-None-Match</c>).</summary>
    Knowledge,
}
