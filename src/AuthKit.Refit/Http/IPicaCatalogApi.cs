using Refit;

namespace AuthKit;

/// <summary>
/// The platform's action catalogue, one method per endpoint, implemented by Refit's source generator on
/// the HttpClient of <see cref="IPicaAuthKitApi"/> (the same handlers: key, retries, size limits, redirect
/// refusal). Answers are read as text: the platforms answer a list either as <c>{rows, total, pages, page}</c>
/// or as a bare array, and <see cref="CatalogJson"/> reads both.
/// </summary>
internal interface IPicaCatalogApi
{
    [Get("/v1/available-connectors")]
    Task<string> ListConnectorsPageAsync(
        [Query] int page,
        [Query] int limit,
        [Query] string? authkit,
        [Query] string? platform,
        [Query] string? key,
        [Query] string? name,
        [Query] string? category,
        CancellationToken cancellationToken = default);

    [Get("/v1/available-actions/{platform}")]
    Task<string> ListActionsPageAsync(string platform, [Query] int page, [Query] int limit, CancellationToken cancellationToken = default);

    [Get("/v1/available-actions/search/{platform}")]
    Task<string> SearchActionsAsync(
        string platform,
        [Query] string query,
        [Query] int limit,
        [Query] string? executeAgent,
        [Query] string? knowledgeAgent,
        CancellationToken cancellationToken = default);

    // ApiResponse: a 304 (the cached entry still holds) is an answer here, not a failure.
    [Get("/v1/knowledge")]
    Task<ApiResponse<string>> GetKnowledgeAsync(
        [Query, AliasAs("_id")] string id,
        [Header("If-None-Match")] string? ifNoneMatch,
        CancellationToken cancellationToken = default);
}
