namespace AuthKit;

/// <summary>
/// One listing of <c>GET /v1/vault/connections</c> as a sequence of checked pages: page 1 first (it says how
/// many there are), then pages 2..N in a sliding window of <see cref="AuthKitOptions.MaxConcurrentPageRequests"/>
/// (a page is asked for as soon as any page in flight is in), handed out in page order. A later page that
/// reports more pages than page 1 (connections were added meanwhile) extends the listing, within
/// <see cref="AuthKitOptions.MaxPages"/>. Every page's bytes count towards <see cref="AuthKitOptions.MaxTokenBytes"/>.
/// </summary>
internal sealed class ConnectionListing : IDisposable
{
    /// <summary>Connections per page; Pica caps <c>limit</c> at 150 and defaults to 20.</summary>
    public const int PageSize = 100;

    // How far ahead of the page being handed out the window may run: pages that arrive early wait in
    // memory, at most this many, while the consumer reads the one before them.
    private const int LookaheadFactor = 4;

    private readonly IPicaVaultApi _api;
    private readonly FailureTranslator _failures;
    private readonly AuthKitOptions _options;
    private readonly VaultQuery _query;
    private readonly TokenByteBudget _budget;
    private readonly CancellationTokenSource _window;
    private readonly Dictionary<int, Task<PicaConnectionsPage>> _pending = [];
    private int _pages = 1;
    private int _nextToStart = 2;
    private int _nextToHand = 1;

    public ConnectionListing(IPicaVaultApi api, FailureTranslator failures, AuthKitOptions options, VaultQuery query, CancellationToken cancellationToken)
    {
        _api = api;
        _failures = failures;
        _options = options;
        _query = query;
        _budget = new TokenByteBudget(options.MaxTokenBytes);
        _window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Pages handed out so far.</summary>
    public int PagesRead => _nextToHand - 1;

    /// <summary>The next page in order; <see langword="null"/> after the last.</summary>
    public async Task<PicaConnectionsPage?> NextAsync()
    {
        if (_nextToHand == 1)
        {
            var first = await FetchAsync(1).ConfigureAwait(false);
            if (first.Total < 0 || first.Pages < 0)
            {
                throw _failures.Refused($"Pica's connections page 1 reports impossible paging: total {first.Total}, pages {first.Pages}.");
            }

            var possible = Math.Max(1, (first.Total + (long)PageSize - 1) / PageSize);
            if (first.Pages > possible)
            {
                throw _failures.Refused(
                    $"Pica's connections page 1 reports {first.Pages} pages for {first.Total} connections at {PageSize} per page; at most {possible} are possible.");
            }

            Grow(first.Pages, 1);
            _nextToHand = 2;
            return first;
        }

        if (_nextToHand > _pages)
        {
            return null;
        }

        Fill();
        var head = _pending[_nextToHand];
        while (!head.IsCompleted)
        {
            // Read once: the pages may all complete after the loop's check, and Task.WhenAny refuses an
            // empty set with an ArgumentException (which the connections endpoint answered as a 400).
            var running = _pending.Values.Where(t => !t.IsCompleted).ToArray();
            if (running.Length == 0)
            {
                continue;
            }

            var done = await Task.WhenAny(running).ConfigureAwait(false);
            if (!done.IsCompletedSuccessfully)
            {
                // A failure of any page fails the listing now, not once its turn comes.
                await done.ConfigureAwait(false);
            }

            Fill();
        }

        _pending.Remove(_nextToHand);
        var page = await head.ConfigureAwait(false);
        Grow(page.Pages, _nextToHand);
        _nextToHand++;
        return page;
    }

    /// <summary>Cancels the pages still in flight (the consumer stopped, or a page failed).</summary>
    public void Dispose()
    {
        _window.Cancel();
        foreach (var task in _pending.Values)
        {
            // Their cancellation is expected; observed here so it never reaches UnobservedTaskException.
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _window.Dispose();
    }

    private void Grow(int reported, int page)
    {
        if (reported <= _pages)
        {
            return;
        }

        if (reported > _options.MaxPages)
        {
            throw _failures.Refused(
                $"Pica's connections page {page} reports {reported} pages, more than the {_options.MaxPages} allowed (AuthKitOptions.MaxPages).");
        }

        _pages = reported;
    }

    private void Fill()
    {
        var window = _options.MaxConcurrentPageRequests;
        while (_nextToStart <= _pages
            && _nextToStart < _nextToHand + (window * LookaheadFactor)
            && _pending.Values.Count(t => !t.IsCompleted) < window)
        {
            var page = _nextToStart++;
            _pending[page] = FetchAsync(page);
        }
    }

    private async Task<PicaConnectionsPage> FetchAsync(int page)
    {
        // As for token pages: the budget rides this request's async flow to ResponseBufferingHandler.
        TokenByteBudget.Current = _budget;
        var what = $"connections page {page}";
        PicaConnectionsPage? answer;
        try
        {
            answer = await _api.ListConnectionsPageAsync(
                PageSize, page, _query.Identity, _query.IdentityType, _query.Platform, _query.Keys, _query.Tags, _query.Active, _window.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (_failures.Translate(ex, what, _window.Token) is { } translated)
        {
            throw translated;
        }

        if (answer is null)
        {
            throw _failures.Refused($"Pica's answer to {what} is empty (JSON null).");
        }

        if (answer.Rows is null)
        {
            throw _failures.Refused($"Pica's answer to {what} has no 'rows'.");
        }

        if (page > 1 && answer.Page != page)
        {
            throw _failures.Refused($"Pica answered connections page {answer.Page} when asked for page {page}.");
        }

        if (answer.Rows.Count > PageSize)
        {
            throw _failures.Refused($"Pica's {what} holds {answer.Rows.Count} connections, more than the {PageSize} asked for.");
        }

        foreach (var row in answer.Rows)
        {
            if (row is null || string.IsNullOrEmpty(row.Id))
            {
                throw _failures.Refused($"Pica's {what} holds a connection without an id.");
            }
        }

        return answer;
    }
}
