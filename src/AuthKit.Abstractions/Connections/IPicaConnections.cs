namespace AuthKit;

/// <summary>
/// The account's connections in Pica's Vault API (<c>/v1/vault/connections</c>): the Gmail or Slack your
/// users connected in the AuthKit modal. Thread-safe; registered by <c>AddAuthKit</c> beside
/// <see cref="IAuthKitToken"/> with the same options, key and HTTP pipeline.
/// </summary>
/// <remarks>
/// This view sees every connection of the account, whoever owns it. Code that acts for one of your users
/// should use <see cref="ForIdentity"/>, which never lists, returns, tags or deletes a connection of
/// anyone else, whatever id it is given.
/// </remarks>
public interface IPicaConnections
{
    /// <summary>
    /// Lists the connections that match <paramref name="query"/>, page after page (100 per page): the first
    /// ones are yielded as soon as page 1 is in, while the next pages are asked for
    /// <see cref="AuthKitOptions.MaxConcurrentPageRequests"/> at a time. A connection seen on two pages
    /// (one was added or removed while listing) is yielded once.
    /// </summary>
    /// <param name="query">The filters; <see langword="null"/> for all of the account's active connections.</param>
    /// <param name="cancellationToken">Stops the listing and the requests in flight.</param>
    /// <returns>The connections, in Pica's order.</returns>
    /// <exception cref="ArgumentException">The query is invalid (thrown before anything is sent).</exception>
    /// <exception cref="AuthKitException">
    /// Pica failed or sent an answer the SDK will not use; more than <see cref="AuthKitOptions.MaxPages"/>
    /// pages, more than <see cref="AuthKitOptions.MaxTokenBytes"/> in all, or longer than
    /// <see cref="AuthKitOptions.TotalTimeout"/> from the first item asked for to the last.
    /// </exception>
    IAsyncEnumerable<PicaConnection> ListAsync(PicaConnectionQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one connection.</summary>
    /// <param name="id">The connection's <see cref="PicaConnection.Id"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The connection; <see langword="null"/> when Pica has none with that id (404).</returns>
    /// <exception cref="ArgumentException">The id is empty, too long or holds characters no id has.</exception>
    /// <exception cref="AuthKitException">Pica failed or sent an answer the SDK will not use.</exception>
    Task<PicaConnection?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the connection's tags with <paramref name="tags"/> (<c>PATCH</c>, never retried).</summary>
    /// <param name="id">The connection's <see cref="PicaConnection.Id"/>.</param>
    /// <param name="tags">The whole new set; empty removes every tag.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The connection with its new tags; <see langword="null"/> when Pica has none with that id (404).</returns>
    /// <exception cref="ArgumentException">The id or a tag is invalid (empty, too long, a control character or a comma).</exception>
    /// <exception cref="AuthKitException">Pica failed or sent an answer the SDK will not use.</exception>
    Task<PicaConnection?> UpdateTagsAsync(string id, IEnumerable<string> tags, CancellationToken cancellationToken = default);

    /// <summary>Deletes the connection (<c>DELETE</c>, retried on transient failures: deleting an id twice leaves the same).</summary>
    /// <param name="id">The connection's <see cref="PicaConnection.Id"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>
    /// <see langword="true"/> when Pica deleted it; <see langword="false"/> when there was nothing to delete
    /// (404), which after a retried attempt can mean an earlier attempt deleted it.
    /// </returns>
    /// <exception cref="ArgumentException">The id is invalid.</exception>
    /// <exception cref="AuthKitException">Pica failed or sent an answer the SDK will not use.</exception>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The connections of one identity and nothing else: the view to use for a signed-in user. Every method
    /// of it checks the owner (<see cref="PicaConnection.Identity"/> and <see cref="PicaConnection.IdentityType"/>,
    /// as Pica reports them) before it returns or acts on a connection.
    /// </summary>
    /// <param name="identity">The identity, as given to the token.</param>
    /// <param name="identityType">Its kind.</param>
    /// <returns>The identity's view.</returns>
    /// <exception cref="ArgumentException">The identity is invalid, as for a token.</exception>
    IPicaIdentityConnections ForIdentity(string identity, IdentityType identityType);
}
