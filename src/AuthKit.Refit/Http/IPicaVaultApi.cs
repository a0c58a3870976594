using Refit;

namespace AuthKit;

/// <summary>
/// Pica's Vault API, one method per endpoint, implemented by Refit's source generator. It runs on the
/// HttpClient of <see cref="IPicaAuthKitApi"/> (the same handlers: key, retries, size limits, redirect
/// refusal). Internal: <see cref="IPicaConnections"/> adds the validation, paging, ownership checks and
/// typed errors that make these calls safe to expose.
/// </summary>
internal interface IPicaVaultApi
{
    [Get("/v1/vault/connections")]
    Task<PicaConnectionsPage> ListConnectionsPageAsync(
        [Query] int limit,
        [Query] int page,
        [Query] string? identity,
        [Query, AliasAs("identityType")] string? identityType,
        [Query] string? platform,
        [Query] string? key,
        [Query] string? tags,
        [Query] string? active,
        CancellationToken cancellationToken = default);

    [Get("/v1/vault/connections/{id}")]
    Task<PicaConnection> GetConnectionAsync(string id, CancellationToken cancellationToken = default);

    // The answer is read as text: Pica answers with the connection or with no body.
    [Patch("/v1/vault/connections/{id}")]
    Task<string> UpdateConnectionTagsAsync(string id, [Body(buffered: true)] PicaTagsUpdate update, CancellationToken cancellationToken = default);

    [Delete("/v1/vault/connections/{id}")]
    Task DeleteConnectionAsync(string id, CancellationToken cancellationToken = default);
}
