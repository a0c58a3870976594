using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// The customer's page in its own browser context: opens AuthKit through the real @picahq/authkit bundle and
/// reads what the iframe it creates saw. Keeps every console message (the iframe's included), where
/// Chromium explains a refused request.
/// </summary>
internal sealed class CustomerPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly object _gate = new();
    private readonly List<string> _console = [];
    private readonly List<(string Text, TaskCompletionSource<string> Found)> _waiters = [];

    public CustomerPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => OnConsole($"{message.Type}: {message.Text}");
    }

    public IPage Page { get; }

    /// <summary>The iframe @picahq/authkit puts on the page (it gives it the id <c>event-link</c>).</summary>
    public ILocator Iframe => Page.Locator("iframe#event-link");

    /// <summary>Console messages so far, e.g. <c>error: Access to fetch at … has been blocked by CORS policy: …</c>.</summary>
    public IReadOnlyList<string> ConsoleMessages
    {
        get
        {
            lock (_gate)
            {
                return [.. _console];
            }
        }
    }

    /// <summary>Does what the customer's frontend does: <c>useAuthKit({ token: { url, headers }, baseUrl }).open()</c>.</summary>
    /// <param name="tokenUrl">The backend's token endpoint.</param>
    /// <param name="bearerToken">Sent as <c>Authorization: Bearer …</c> in <c>token.headers</c>; <see langword="null"/> sends no headers.</param>
    /// <param name="baseUrl">Where the hosted page is; <see langword="null"/> leaves the frontend's default (https://authkit.picaos.com).</param>
    public Task OpenAuthKitAsync(Uri tokenUrl, string? bearerToken, string? baseUrl) =>
        OpenAuthKitAsync(tokenUrl, bearerToken is null ? [] : [KeyValuePair.Create("Authorization", "Bearer " + bearerToken)], baseUrl);

    /// <summary>Opens AuthKit with <paramref name="tokenHeaders"/> as <c>token.headers</c>, e.g. the Quickstart's <c>{ "X-Dev-User": "user_123" }</c>.</summary>
    public Task OpenAuthKitAsync(Uri tokenUrl, IEnumerable<KeyValuePair<string, string>> tokenHeaders, string? baseUrl)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in tokenHeaders)
        {
            headers[name] = value;
        }

        var config = new JsonObject
        {
            ["tokenUrl"] = tokenUrl.ToString(),
            ["headers"] = headers,
            ["baseUrl"] = baseUrl,
        };
        return Page.EvaluateAsync("config => window.connectIntegration(JSON.parse(config))", config.ToJsonString());
    }

    /// <summary>Waits until the hosted page has an outcome (an answer it could read, or the fetch error) and returns it.</summary>
    public async Task<IframeOutcome> WaitForOutcomeAsync()
    {
        var outcome = Page.FrameLocator("iframe#event-link").Locator("#outcome[data-kind]");
        await outcome.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        return IframeOutcome.Parse(await outcome.TextContentAsync() ?? "");
    }

    /// <summary>Waits for the message the frontend posts to the iframe on load, and returns it as the iframe received it.</summary>
    public async Task<JsonNode> WaitForPostedMessageAsync()
    {
        var message = Page.FrameLocator("iframe#event-link").Locator("#message[data-received]");
        await message.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        return JsonNode.Parse(await message.TextContentAsync() ?? "")!;
    }

    /// <summary>Waits until a console message contains <paramref name="text"/> (Chromium logs a refusal around the time the fetch fails).</summary>
    public async Task<string> WaitForConsoleMessageAsync(string text)
    {
        var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_console.FirstOrDefault(m => m.Contains(text, StringComparison.Ordinal)) is { } seen)
            {
                return seen;
            }

            _waiters.Add((text, waiter));
        }

        try
        {
            return await waiter.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No console message containing '{text}' within 30 s; seen: {string.Join(" | ", ConsoleMessages)}");
        }
    }

    private void OnConsole(string message)
    {
        lock (_gate)
        {
            _console.Add(message);
            foreach (var waiter in _waiters.Where(w => message.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Found.TrySetResult(message);
                _waiters.Remove(waiter);
            }
        }
    }

    public ValueTask DisposeAsync() => new(_context.CloseAsync());
}
