using System.ComponentModel.DataAnnotations;

namespace AuthKit;

/// <summary>
/// Settings of the AuthKit token client. Bind them from configuration (section <c>AuthKit</c> by
/// convention) or set them in code; they are validated before the first request.
/// </summary>
public sealed class AuthKitOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "AuthKit";

    /// <summary>The address of Pica's API, the default <see cref="BaseUrl"/> on <see cref="AuthKitPlatform.Pica"/>.</summary>
    public static readonly Uri DefaultBaseUrl = AuthKitPlatformDialect.Pica.BaseUrl;

    private Uri? _baseUrl;
    private bool _baseUrlSet;

    /// <summary>
    /// Your Pica secret key, <c>sk_live_…</c> or <c>sk_test_…</c> followed by visible ASCII characters
    /// (no white space). Required. It is sent only in the <c>X-Pica-Secret</c> header and never appears
    /// in logs, traces, exceptions or <see cref="ToString"/>. A missing or malformed key is refused at
    /// start with a message naming what is wrong and where (the kind and index of a bad character),
    /// never quoting the key.
    /// </summary>
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>
    /// Which platform the SDK speaks to (<c>AuthKit:Platform</c>): <see cref="AuthKitPlatform.Pica"/> (the default)
    /// or <see cref="AuthKitPlatform.One"/>. It chooses the default <see cref="BaseUrl"/>, the header names, the
    /// token path, whether the white-label flag is asked for and the health check's call
    /// (<see cref="AuthKitPlatformDialect"/>). A <see cref="BaseUrl"/> on the other platform's host is refused at start.
    /// </summary>
    public AuthKitPlatform Platform { get; set; } = AuthKitPlatform.Pica;

    /// <summary>
    /// Base address of the platform's API. Default: the <see cref="Platform"/>'s, <c>https://api.picaos.com</c>
    /// or <c>https://api.withone.ai</c>, for as long as it is not set.
    /// </summary>
    [Required(ErrorMessage = "AuthKitOptions.BaseUrl is required.")]
    public Uri BaseUrl
    {
        // An undefined Platform is reported by the validation, not thrown from here.
        get => _baseUrlSet ? _baseUrl! : (Enum.IsDefined(Platform) ? AuthKitPlatformDialect.For(Platform) : AuthKitPlatformDialect.Pica).BaseUrl;
        set
        {
            _baseUrl = value;
            _baseUrlSet = true;
        }
    }

    /// <summary>Connections per page (the <c>limit</c> query parameter). Default 100, as the official SDKs.</summary>
    [Range(1, 10_000, ErrorMessage = "AuthKitOptions.PageSize must be between {1} and {2}.")]
    public int PageSize { get; set; } = 100;

    /// <summary>Pages 2..N requested at once, as a sliding window. Default 3.</summary>
    [Range(1, 64, ErrorMessage = "AuthKitOptions.MaxConcurrentPageRequests must be between {1} and {2}.")]
    public int MaxConcurrentPageRequests { get; set; } = 3;

    /// <summary>Retries of a request after a transient failure (408, 429, 5xx, transport error, timeout). Default 3.</summary>
    [Range(0, 10, ErrorMessage = "AuthKitOptions.MaxRetries must be between {1} and {2}.")]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Time allowed for one attempt of one request, body included; more than zero, at most 10 minutes. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most pages a token may have; an answer claiming more is refused. Default 1000.</summary>
    [Range(1, 100_000, ErrorMessage = "AuthKitOptions.MaxPages must be between {1} and {2}.")]
    public int MaxPages { get; set; } = 1000;

    /// <summary>
    /// Base delay of the exponential backoff between retries (with jitter). Default 500 ms.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Longest wait before a retry. A <c>Retry-After</c> asking for more is not waited for: the
    /// answer is reported as an <see cref="AuthKitApiException"/> at once. Default 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the token waits for the white-label flag once the pages are in, when the flag is not
    /// cached (<see cref="WhiteLabelCacheDuration"/>); after that it is returned with <c>isWhiteLabel: false</c>.
    /// Default 250 ms.
    /// </summary>
    public TimeSpan FlagsGracePeriod { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the account's white-label flag (<c>GET /v1/users/flags</c>) is reused once read, for
    /// every client of the process with the same <see cref="BaseUrl"/> and <see cref="SecretKey"/>
    /// (a <c>new AuthKitToken(…)</c> per request included): within it a token costs one request per page
    /// and none for the flag. The flag is an account setting, changed with the account's plan, so a change
    /// shows within this time. A token that finds no flag read within it fetches the flag alongside page 1;
    /// tokens arriving meanwhile share that one call. A failed call is not kept: the next token asks again.
    /// <see cref="TimeSpan.Zero"/> reads the flag for every token (one flags call per token, as the Node
    /// SDK). Default 5 minutes; allowed 0 to 24 hours.
    /// </summary>
    public TimeSpan WhiteLabelCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest answer accepted, in bytes; a larger one is refused rather than buffered. Default 8 MiB.</summary>
    [Range(1024L, 1L << 31, ErrorMessage = "AuthKitOptions.MaxResponseBytes must be between {1} and {2}.")]
    public long MaxResponseBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// How long a pooled connection is reused before it is replaced, so that DNS changes are picked
    /// up by long-lived clients. Default 2 minutes.
    /// </summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Most connections open to Pica at once, or <see langword="null"/> (the default) for no bound, as
    /// <see cref="System.Net.Http.SocketsHttpHandler"/>. Over HTTP/1.1 a connection carries one request at a
    /// time, and a request that finds every connection busy starts a new one that keeps going even when
    /// another connection frees up first and serves it, so without a bound the connections opened are not
    /// bounded by the requests in flight. With a bound, SocketsHttpHandler counts the connections being opened
    /// too and queues requests past it: at most this many are ever open. Over HTTP/2 it bounds the connections
    /// (each carrying the server's stream limit). Fixed at start, as <see cref="PooledConnectionLifetime"/>: a
    /// reload that changes it is refused. Allowed 1 to 10,000.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "AuthKitOptions.MaxConnectionsPerServer must be between {1} and {2}.")]
    public int? MaxConnectionsPerServer { get; set; }

    /// <summary>
    /// Most bytes one token may take across all its pages, as received; the page whose bytes cross it
    /// is refused while it is read (an <see cref="AuthKitException"/>, not retried) and no later page
    /// is requested. Bounds the memory of one call (the token in memory takes about as much again as
    /// its bytes). Default 64 MiB, far above a real account's token (about 50 KB per 100 connections);
    /// allowed 1 KiB to 64 GiB.
    /// </summary>
    [Range(1024L, 1L << 36, ErrorMessage = "AuthKitOptions.MaxTokenBytes must be between {1} and {2}.")]
    public long MaxTokenBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Time allowed for one call of <c>CreateAsync</c> (or <c>Create</c>) overall: every page, retry, wait
    /// and the white-label flag included. Past it the call ends in an <see cref="AuthKitException"/>
    /// whose <see cref="Exception.InnerException"/> is a <see cref="TimeoutException"/>; the caller's own
    /// cancellation stays an <see cref="OperationCanceledException"/>. Default 2 minutes; allowed 1 ms to 1 hour.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the confirmation that a connection key is an identity's own is reused by
    /// <see cref="IPicaIdentityConnections.CreatePassthroughClientAsync"/>: a burst of passthrough clients
    /// for one key costs one Vault lookup. A connection deleted or moved meanwhile is noticed when it
    /// expires. <see cref="TimeSpan.Zero"/> looks the key up every time. Default 30 seconds; allowed 0 to 1 hour.
    /// </summary>
    public TimeSpan PassthroughConfirmationDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an action's knowledge (<see cref="IPicaCatalog.GetActionAsync"/>, read by every execution)
    /// is reused once read. After it, an entry that came with an <c>ETag</c> is revalidated with
    /// <c>If-None-Match</c> (a 304 renews it). <see cref="TimeSpan.Zero"/> reads it every time.
    /// Default 10 minutes; allowed 0 to 24 hours.
    /// </summary>
    public TimeSpan ActionKnowledgeCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most actions whose knowledge is cached per client; the least recently used goes first. Default 1024.</summary>
    [Range(1, 1_000_000, ErrorMessage = "AuthKitOptions.MaxCachedActions must be between {1} and {2}.")]
    public int MaxCachedActions { get; set; } = 1024;

    /// <summary>Most bytes of knowledge (as received) cached per client; the least recently used goes first. Default 16 MiB.</summary>
    [Range(1024L, 1L << 32, ErrorMessage = "AuthKitOptions.MaxCachedActionBytes must be between {1} and {2}.")]
    public long MaxCachedActionBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Largest JSON answer of an executed action that is read into <see cref="PicaActionResult.Json"/>; a
    /// larger one is refused. Answers that are not JSON stream and are not bounded. Default 8 MiB.
    /// </summary>
    [Range(1024L, 1L << 31, ErrorMessage = "AuthKitOptions.MaxActionResultBytes must be between {1} and {2}.")]
    public long MaxActionResultBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Describes the options with the secret key redacted.</summary>
    /// <returns>The options, e.g. <c>AuthKitOptions { SecretKey = sk_live_***, BaseUrl = https://api.picaos.com/, … }</c>.</returns>
    public override string ToString() =>
        $"AuthKitOptions {{ SecretKey = {RedactedSecretKey}, Platform = {Platform}, BaseUrl = {BaseUrlText}, PageSize = {PageSize}, " +
        $"MaxConcurrentPageRequests = {MaxConcurrentPageRequests}, MaxRetries = {MaxRetries}, Timeout = {Timeout}, " +
        $"MaxPages = {MaxPages}, RetryDelay = {RetryDelay}, MaxRetryDelay = {MaxRetryDelay}, " +
        $"FlagsGracePeriod = {FlagsGracePeriod}, WhiteLabelCacheDuration = {WhiteLabelCacheDuration}, MaxResponseBytes = {MaxResponseBytes}, PooledConnectionLifetime = {PooledConnectionLifetime}, " +
        $"MaxConnectionsPerServer = {MaxConnectionsPerServer?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no bound)"}, " +
        $"MaxTokenBytes = {MaxTokenBytes}, TotalTimeout = {TotalTimeout}, PassthroughConfirmationDuration = {PassthroughConfirmationDuration}, " +
        $"ActionKnowledgeCacheDuration = {ActionKnowledgeCacheDuration}, MaxCachedActions = {MaxCachedActions}, MaxCachedActionBytes = {MaxCachedActionBytes}, MaxActionResultBytes = {MaxActionResultBytes} }}";

    private string BaseUrlText => BaseUrl?.ToString() ?? "(not set)";

    /// <summary>The description of <see cref="Platform"/>; only for validated options (an undefined value throws).</summary>
    /// <remarks>A method, not a property: the configuration binder would try to bind a property.</remarks>
    internal AuthKitPlatformDialect PlatformDialect() => AuthKitPlatformDialect.For(Platform);

    // Shows whether a key is set and which environment, never any of the key itself.
    private string RedactedSecretKey => SecretKey switch
    {
        null or "" => "(not set)",
        var k when k.StartsWith("sk_live_", StringComparison.Ordinal) => "sk_live_***",
        var k when k.StartsWith("sk_test_", StringComparison.Ordinal) => "sk_test_***",
        _ => "***",
    };

    /// <summary>A copy, so that a client is not changed by later edits of the instance it was given.</summary>
    internal AuthKitOptions Clone() => (AuthKitOptions)MemberwiseClone();
}
