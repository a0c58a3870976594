namespace AuthKit;

/// <summary>
/// One identity's connections (<see cref="IPicaConnections.ForIdentity"/>). Nothing here returns or acts on
/// a connection of another identity: the owner is read from Pica before any <c>PATCH</c> or
/// <c>DELETE</c> is sent, so an id taken from another tenant (guessed, leaked, sent by a hostile frontend)
/// is answered as if it did not exist, and Pica never receives the request.
/// </summary>
public interface IPicaIdentityConnections
{
    /// <summary>The identity whose connections these are.</summary>
    string Identity { get; }

    /// <summary>Its kind.</summary>
    IdentityType IdentityType { get; }

    /// <summary>
    /// The platform's catalogue of actions, read with the same secret key: what
    /// <see cref="ExecuteActionAsync"/> executes and what the identity's agent tools search.
    /// </summary>
    IPicaCatalog Catalog { get; }

    /// <summary>
    /// Lists the identity's connections, as <see cref="IPicaConnections.ListAsync"/> does. The identity is
    /// sent on every request, and every connection is checked again on arrival: one of another owner is
    /// never yielded, whatever the server sent.
    /// </summary>
    /// <param name="filter">Further filters; its <see cref="PicaConnectionQuery.Identity"/> and
    /// <see cref="PicaConnectionQuery.IdentityType"/> must be unset or this view's own.</param>
    /// <param name="cancellationToken">Stops the listing and the requests in flight.</param>
    /// <returns>The identity's connections.</returns>
    /// <exception cref="ArgumentException">The filter is invalid, or names another identity.</exception>
    /// <exception cref="AuthKitException">Pica failed or sent an answer the SDK will not use.</exception>
    IAsyncEnumerable<PicaConnection> ListAsync(PicaConnectionQuery? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one of the identity's connections.</summary>
    /// <param name="id">The connection's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The connection; <see langword="null"/> when there is none with that id or it is not the identity's.</returns>
    /// <exception cref="ArgumentException">The id is invalid.</exception>
    /// <exception cref="AuthKitException">Pica failed or sent an answer the SDK will not use.</exception>
    Task<PicaConnection?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The identity's first active connection to <paramref name="platform"/>.</summary>
    /// <param name="platform">The platform, e.g. <c>gmail</c>.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The connection; <see langword="null"/> when the identity has none to that platform.</returns>
    /// <exception cref="ArgumentException">The platform name is invalid.</exception>
    /// <exception cref="AuthKitException">Pica failed or sent an answer the SDK will not use.</exception>
    Task<PicaConnection?> FindAsync(string platform, CancellationToken cancellationToken = default);

    /// <summary>Replaces the tags of one of the identity's connections (owner checked first; the <c>PATCH</c> is never retried).</summary>
    /// <param name="id">The connection's id.</param>
    /// <param name="tags">The whole new set.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The connection with its new tags; <see langword="null"/> when there is none with that id or it is not the identity's (no <c>PATCH</c> was sent).</returns>
    /// <exception cref="ArgumentException">The id or a tag is invalid.</exception>
    /// <exception cref="AuthKitException">Pica failed or sent an answer the SDK will not use.</exception>
    Task<PicaConnection?> UpdateTagsAsync(string id, IEnumerable<string> tags, CancellationToken cancellationToken = default);

    /// <summary>Deletes one of the identity's connections (owner checked first).</summary>
    /// <param name="id">The connection's id.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns><see langword="true"/> when it was deleted; <see langword="false"/> when there is none with that id or it is not the identity's (no <c>DELETE</c> was sent).</returns>
    /// <exception cref="ArgumentException">The id is invalid.</exception>
    /// <exception cref="AuthKitException">Pica failed or sent an answer the SDK will not use.</exception>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// An <see cref="HttpClient"/> that calls the integration behind one of the identity's connections
    /// through Pica's passthrough: its base address is <c>{BaseUrl}/v1/passthrough/</c>, so
    /// <c>await http.GetAsync("users/me/profile")</c> calls the integration's <c>users/me/profile</c>.
    /// Before it returns, <paramref name="connectionKey"/> is parsed, checked against the secret key's
    /// environment and confirmed as one of the identity's connections in the Vault (the confirmation is
    /// reused for <see cref="AuthKitOptions.PassthroughConfirmationDuration"/>). Each request carries the
    /// secret key, the connection key and the action id (<see cref="PicaPassthroughRequestExtensions.SetPicaActionId"/>
    /// sets another per request); a request outside the passthrough is refused, a redirect is returned as
    /// it is and never followed, answers stream (pass <see cref="HttpCompletionOption.ResponseHeadersRead"/>),
    /// and the integration's headers that Pica renames <c>x-pica-passthrough-&lt;name&gt;</c> are readable
    /// under <c>&lt;name&gt;</c> too. Only <c>GET</c>, <c>HEAD</c> and <c>OPTIONS</c> without a body are retried,
    /// on a 429 or 503 with <c>Retry-After</c>. Dispose the client when done; it shares the SDK's connection pool.
    /// </summary>
    /// <param name="connectionKey">The connection's key (<see cref="PicaConnection.Key"/>).</param>
    /// <param name="actionId">The default action id (<c>conn_mod_def::…</c>), sent as <c>x-pica-action-id</c>.</param>
    /// <param name="cancellationToken">Cancels the Vault lookup.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ArgumentException">The connection key is malformed or of the other environment than the secret key, or the action id is invalid (nothing is sent).</exception>
    /// <exception cref="PicaConnectionRefusedException">The key is not one of the identity's connections (nothing is sent to the passthrough).</exception>
    /// <exception cref="AuthKitException">Pica failed or sent an answer the SDK will not use.</exception>
    Task<HttpClient> CreatePassthroughClientAsync(string connectionKey, string actionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Executes an action of the platform's catalogue through one of the identity's connections: one
    /// passthrough request with the action's method, its path with each <c>{{name}}</c> filled from
    /// <see cref="PicaActionInput.PathVariables"/> (each value escaped as exactly one path segment), the
    /// query, the extra headers and the body. The key is confirmed as the identity's as for
    /// <see cref="CreatePassthroughClientAsync"/> (the confirmation is reused) and the action's knowledge
    /// comes from <see cref="IPicaCatalog.GetActionAsync"/>'s cache, so in steady state an execution is one request.
    /// An action tagged <c>custom</c> also gets <c>connectionKey</c> in a non-GET JSON, form or multipart body.
    /// Only <c>GET</c>, <c>HEAD</c> and <c>OPTIONS</c> without a body are retried, as for the passthrough client.
    /// </summary>
    /// <param name="connectionKey">The connection's key (<see cref="PicaConnection.Key"/>).</param>
    /// <param name="actionId">The action's id (<c>conn_mod_def::…</c>).</param>
    /// <param name="input">Path variables, query, headers and body; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The integration's answer; dispose it.</returns>
    /// <exception cref="ArgumentException">
    /// Before anything is sent to the passthrough: the key or id is malformed; a path variable is missing,
    /// empty, holds <c>/</c> or <c>\</c>, or is <c>.</c> or <c>..</c>; a header names the secret, the connection key,
    /// the action id or <c>Host</c>; more than one body is given, or a body for a <c>GET</c> action.
    /// </exception>
    /// <exception cref="PicaConnectionRefusedException">The key is not one of the identity's connections (nothing is sent to the passthrough).</exception>
    /// <exception cref="AuthKitException">The platform has no such action, failed, or sent an answer the SDK will not use.</exception>
    Task<PicaActionResult> ExecuteActionAsync(string connectionKey, string actionId, PicaActionInput? input = null, CancellationToken cancellationToken = default);
}
