namespace AuthKit;

/// <summary>
/// Asks Pica for one page of the token and hands it on checked (<see cref="PageChecks"/>), or throws the
/// SDK's exception for it. Each page's bytes are charged to the token's <see cref="TokenByteBudget"/>.
/// </summary>
internal sealed class PageSource(IPicaAuthKitApi api, FailureTranslator failures)
{
    /// <summary>Page 1, which says how many pages the token has.</summary>
    public async Task<AuthKitTokenResponse> GetFirstAsync(
        AuthKitTokenRequest request, AuthKitOptions options, TokenByteBudget budget, CancellationToken cancellationToken)
    {
        var first = await GetAsync(request, 1, options, budget, cancellationToken).ConfigureAwait(false);
        PageChecks.First(first, options, failures);
        return first;
    }

    /// <summary>Page <paramref name="page"/> (2 or more), which must say it is that page.</summary>
    public async Task<AuthKitTokenResponse> GetLaterAsync(
        AuthKitTokenRequest request, int page, AuthKitOptions options, TokenByteBudget budget, CancellationToken cancellationToken)
    {
        var answer = await GetAsync(request, page, options, budget, cancellationToken).ConfigureAwait(false);
        PageChecks.Later(answer, page, options, failures);
        return answer;
    }

    /// <summary>Page <paramref name="page"/> alone, <paramref name="limit"/> rows at most, as asked for by a caller that pages itself.</summary>
    public async Task<AuthKitTokenResponse> GetSingleAsync(
        AuthKitTokenRequest request, int page, int limit, AuthKitOptions options, TokenByteBudget budget, CancellationToken cancellationToken)
    {
        var answer = await GetAsync(request, page, limit, options, budget, cancellationToken).ConfigureAwait(false);
        PageChecks.Single(answer, page, limit, options, failures);
        return answer;
    }

    private Task<AuthKitTokenResponse> GetAsync(
        AuthKitTokenRequest request, int page, AuthKitOptions options, TokenByteBudget budget, CancellationToken cancellationToken) =>
        GetAsync(request, page, options.PageSize, options, budget, cancellationToken);

    private async Task<AuthKitTokenResponse> GetAsync(
        AuthKitTokenRequest request, int page, int limit, AuthKitOptions options, TokenByteBudget budget, CancellationToken cancellationToken)
    {
        // Rides this request's async flow to ResponseBufferingHandler, and only this one: what an async
        // method sets in an AsyncLocal ends with it, so the flags call never carries the budget.
        TokenByteBudget.Current = budget;
        AuthKitTokenResponse? answer;
        try
        {
            answer = await api.CreateTokenPageAsync(limit, page, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (failures.Translate(ex, $"page {page}", cancellationToken) is { } translated)
        {
            throw translated;
        }

        PageChecks.Present(answer, page, failures);
        AuthKitTelemetry.Pages.Add(1);
        return answer;
    }
}
