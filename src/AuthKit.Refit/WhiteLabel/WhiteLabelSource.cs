using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// Where a token's white-label flag comes from. With <see cref="AuthKitOptions.WhiteLabelCacheDuration"/>
/// on, from the account's entry in the process-wide <see cref="WhiteLabelCache"/>: the flag read within
/// that time, or else the account's one flags call, which a cold or expired cache starts alongside page 1
/// and which concurrent tokens share. Off, from a flags call of the token's own, alongside page 1. Either
/// way the flag only decorates the token: once the pages are in, it is waited for at most
/// <see cref="AuthKitOptions.FlagsGracePeriod"/>, and a failed or late call gives <c>isWhiteLabel: false</c>.
/// </summary>
internal sealed class WhiteLabelSource
{
    private readonly IPicaAuthKitApi _api;
    private readonly FailureTranslator _failures;
    private readonly Redactor _redactor;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<FlagsAnswer>> _fetch;
    private AccountMemo? _account;

    public WhiteLabelSource(IPicaAuthKitApi api, FailureTranslator failures, Redactor redactor, ILogger logger, TimeProvider time)
    {
        _api = api;
        _failures = failures;
        _redactor = redactor;
        _logger = logger;
        _time = time;
        _fetch = FetchAsync;
    }

    /// <summary>Starts (or joins, or skips) the flags call for a token, before its page 1 is asked for.</summary>
    /// <param name="options">The call's options snapshot.</param>
    /// <param name="cancellationToken">The token's own: cancels a call of the token's own.</param>
    public WhiteLabelLookup Begin(AuthKitOptions options, CancellationToken cancellationToken)
    {
        if (!options.PlatformDialect().CallsWhiteLabelFlags)
        {
            // No client of this platform asks for the flag: it may not be there, and a token must not depend on it.
            return WhiteLabelLookup.NotAsked;
        }

        if (options.WhiteLabelCacheDuration <= TimeSpan.Zero)
        {
            var own = new FlagsCall(CancellationTokenSource.CreateLinkedTokenSource(cancellationToken), shared: false);
            own.TryJoin();
            own.Start(_fetch, completed: null);
            return new WhiteLabelLookup(own);
        }

        // A shared call is bounded by its own deadline, not by the token that happened to start it.
        return WhiteLabelCache.Shared
            .Entry(Account(options), options.BaseUrl, options.WhiteLabelCacheDuration, _time)
            .Lookup(options.WhiteLabelCacheDuration, options.TotalTimeout, _time, _fetch);
    }

    /// <summary>The flag, once the pages are in: at once from the cache or an answered call, else within the grace period.</summary>
    public async ValueTask<WhiteLabelFlag> GetAsync(WhiteLabelLookup lookup, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        if (lookup.Call is not { } call)
        {
            return lookup.Asked ? WhiteLabelFlag.Cached(lookup.Cached) : WhiteLabelFlag.NotAsked;
        }

        FlagsAnswer answer;
        if (call.Answer.IsCompleted)
        {
            answer = call.Answer.Result;
        }
        else
        {
            try
            {
                answer = await call.Answer.WaitAsync(gracePeriod, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                AuthKitLog.WhiteLabelFallback(_logger, call.IsShared
                    ? $"no answer within the {gracePeriod.TotalMilliseconds:F0} ms grace period after the pages; the call goes on, and its answer will serve the next tokens"
                    : $"no answer within the {gracePeriod.TotalMilliseconds:F0} ms grace period after the pages; the call was cancelled");
                return WhiteLabelFlag.Fallback;
            }
        }

        if (answer.Value is { } value)
        {
            return WhiteLabelFlag.Read(value);
        }

        AuthKitLog.WhiteLabelFallback(_logger, _redactor.Clean(answer.Failure ?? "unknown"));
        return WhiteLabelFlag.Fallback;
    }

    /// <summary>The token is done: its own call is cancelled; a shared one goes on if the token went out without it.</summary>
    public static void End(WhiteLabelLookup lookup, bool tokenReturned) => lookup.Call?.Leave(tokenReturned);

    private async Task<FlagsAnswer> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var flags = await _api.GetUserFlagsAsync(cancellationToken).ConfigureAwait(false);

            // An empty body or JSON null is a failed call like any other, not a silent "false". A flags
            // answer without authkitWhitelist is an answer: the account is not white-labelled.
            return flags is null
                ? FlagsAnswer.Failed("Pica's answer to the flags call is empty (no body or JSON null)")
                : FlagsAnswer.Read(flags.AuthkitWhitelist ?? false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // No token waits for it any more, or its deadline passed.
            return FlagsAnswer.Failed("the flags call was cancelled");
        }
        catch (Exception ex)
        {
            return FlagsAnswer.Failed(_failures.Translate(ex, "the flags call", cancellationToken)?.Message ?? ex.GetType().Name);
        }
    }

    // The account of an options snapshot, worked out once per snapshot (a reload, a rotated key, is a new one).
    private AccountId Account(AuthKitOptions options)
    {
        var memo = Volatile.Read(ref _account);
        if (memo is null || !ReferenceEquals(memo.Options, options))
        {
            memo = new AccountMemo(options, AccountId.Of(options.BaseUrl, options.SecretKey));
            Volatile.Write(ref _account, memo);
        }

        return memo.Id;
    }

    private sealed record AccountMemo(AuthKitOptions Options, AccountId Id);
}
