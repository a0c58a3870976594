namespace AuthKit;

/// <summary>
/// The platform's action catalogue, on the account: what can be connected (<c>available-connectors</c>),
/// what each platform can do (<c>available-actions</c>, and its search), and an action's knowledge (its
/// method, path template, tags and description). Thread-safe; registered by <c>AddAuthKit</c> beside
/// <see cref="IPicaConnections"/> with the same options, key and HTTP pipeline. Executing an action is done
/// for one identity: <see cref="IPicaIdentityConnections.ExecuteActionAsync"/>.
/// </summary>
public interface IPicaCatalog
{
    /// <summary>Lists the connectors that match <paramref name="query"/>, every page, streamed as each page arrives.</summary>
    /// <param name="query">The filters; <see langword="null"/> for every connector.</param>
    /// <param name="cancellationToken">Stops the listing and the request in flight.</param>
    /// <returns>The connectors, in the platform's order.</returns>
    /// <exception cref="ArgumentException">The query is invalid (thrown before anything is sent).</exception>
    /// <exception cref="AuthKitException">The platform failed or sent an answer the SDK will not use.</exception>
    IAsyncEnumerable<PicaConnector> ListConnectorsAsync(PicaConnectorQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>One page of a platform's actions.</summary>
    /// <param name="platform">The platform, e.g. <c>gmail</c>.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="limit">Actions per page, 1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The platform, page or limit is invalid.</exception>
    /// <exception cref="AuthKitException">The platform failed or sent an answer the SDK will not use.</exception>
    Task<PicaActionPage> ListActionsAsync(string platform, int page = 1, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Searches a platform's actions by what they do.</summary>
    /// <param name="platform">The platform, e.g. <c>gmail</c>.</param>
    /// <param name="query">Words to search for, e.g. <c>send email</c>.</param>
    /// <param name="limit">Most actions returned, 1 to 100.</param>
    /// <param name="purpose">What the actions are wanted for: to execute them, or to read their knowledge.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The best matches, best first.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    /// <exception cref="AuthKitException">The platform failed or sent an answer the SDK will not use.</exception>
    Task<IReadOnlyList<PicaActionSummary>> SearchActionsAsync(
        string platform, string query, int limit = 5, PicaActionSearchPurpose purpose = PicaActionSearchPurpose.Execute, CancellationToken cancellationToken = default);

    /// <summary>
    /// An action's knowledge, from the cache when it was read within <see cref="AuthKitOptions.ActionKnowledgeCacheDuration"/>
    /// (revalidated with <c>If-None-Match</c> after that when the platform gave an <c>ETag</c>). An id of the form
    /// <c>a::b</c> is read as <c>conn_mod_def::a::b</c>, as the official toolkit does.
    /// </summary>
    /// <param name="actionId">The action's id (<see cref="PicaActionSummary.SystemId"/>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The knowledge; <see langword="null"/> when the platform has no action with that id.</returns>
    /// <exception cref="ArgumentException">The id is invalid.</exception>
    /// <exception cref="AuthKitException">The platform failed or sent an answer the SDK will not use.</exception>
    Task<PicaActionKnowledge?> GetActionAsync(string actionId, CancellationToken cancellationToken = default);
}
