using System.Net.Http.Json;

namespace AuthKit.Benchmarks;

/// <summary>
/// The practical limit: the same requests as the SDK (flags alongside page 1, pages 2..N with
/// <c>inFlight</c> requests in flight, a merged token) written by hand with HttpClient and
/// source-generated System.Text.Json. No Refit, no retries, no validation, no telemetry.
/// </summary>
internal sealed class BaselineClient(HttpMessageHandler handler, Uri baseUrl, string secretKey, int inFlight = 3, int pageSize = 100)
{
    private readonly HttpClient _client = CreateClient(handler, baseUrl, secretKey);

    public async Task<AuthKitTokenResponse> CreateAsync(AuthKitTokenRequest request, CancellationToken cancellationToken = default)
    {
        var flags = GetWhiteLabelAsync(cancellationToken);
        var first = await GetPageAsync(request, 1, cancellationToken).ConfigureAwait(false);
        if (first.Pages <= 1)
        {
            return new AuthKitTokenResponse
            {
                Rows = first.Rows,
                Total = first.Total,
                Pages = first.Pages,
                Page = first.Page,
                RequestId = first.RequestId,
                IsWhiteLabel = await flags.ConfigureAwait(false),
                AdditionalProperties = first.AdditionalProperties,
            };
        }

        var rest = new AuthKitTokenResponse[first.Pages - 1];
        var next = -1;
        async Task WorkAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < rest.Length)
            {
                rest[index] = await GetPageAsync(request, index + 2, cancellationToken).ConfigureAwait(false);
            }
        }

        var workers = new Task[Math.Min(inFlight, rest.Length)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);

        var count = first.Rows.Count;
        foreach (var page in rest)
        {
            count += page.Rows.Count;
        }

        var rows = new List<AuthKitConnection>(count);
        rows.AddRange(first.Rows);
        foreach (var page in rest)
        {
            rows.AddRange(page.Rows);
        }

        return new AuthKitTokenResponse
        {
            Rows = rows,
            Total = first.Total,
            Pages = 1,
            Page = 1,
            RequestId = rest[^1].RequestId,
            IsWhiteLabel = await flags.ConfigureAwait(false),
        };
    }

    private async Task<AuthKitTokenResponse> GetPageAsync(AuthKitTokenRequest request, int page, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(request, BaselineJsonContext.Default.AuthKitTokenRequest);
        using var response = await _client.PostAsync($"v1/authkit?limit={pageSize}&page={page}", content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(BaselineJsonContext.Default.AuthKitTokenResponse, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("null page");
    }

    private async Task<bool> GetWhiteLabelAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetAsync("v1/users/flags", cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var flags = await response.Content.ReadFromJsonAsync(BaselineJsonContext.Default.BaselineFlags, cancellationToken).ConfigureAwait(false);
            return flags?.AuthkitWhitelist ?? false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static HttpClient CreateClient(HttpMessageHandler handler, Uri baseUrl, string secretKey)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseUrl };
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Pica-Secret", secretKey);
        return client;
    }
}
