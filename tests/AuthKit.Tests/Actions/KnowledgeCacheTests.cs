using AuthKit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.Tests.Actions;

/// <summary>
/// An action's knowledge is asked for once per action per cache period (a 304 revalidation counts as an
/// ask), and the cache stays within its bounds whatever ids it is given. Counted in the emulator's log.
/// </summary>
public sealed class KnowledgeCacheTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    [Fact]
    public async Task Knowledge_is_asked_once_per_action_per_period_and_revalidated_with_its_etag()
    {
        var time = new FakeTimeProvider();
        var options = _pica.CreateOptions();
        options.ActionKnowledgeCacheDuration = TimeSpan.FromMinutes(1);
        using var handler = new SocketsHttpHandler();
        var catalog = new PicaCatalog(options, null, handler, time);
        string[] ids = [PicaEmulator.GmailGetMessageAction, PicaEmulator.SlackPostMessageAction];

        for (var period = 1; period <= 3; period++)
        {
            for (var i = 0; i < 5; i++)
            {
                foreach (var id in ids)
                {
                    Assert.Equal(id, (await catalog.GetActionAsync(id))!.Id);
                }
            }

            var asks = _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.Knowledge).ToList();
            Assert.Equal(ids.Length * period, asks.Count);
            Assert.Equal(ids, asks.TakeLast(ids.Length).Select(r => r.Query["_id"]).Order(StringComparer.Ordinal));
            if (period > 1)
            {
                Assert.All(asks.TakeLast(ids.Length), r => Assert.Equal(304, (int)r.StatusCode));
                Assert.All(asks.TakeLast(ids.Length), r => Assert.True(r.Headers.ContainsKey("If-None-Match")));
            }

            time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task A_zero_duration_asks_every_time()
    {
        var options = _pica.CreateOptions();
        options.ActionKnowledgeCacheDuration = TimeSpan.Zero;
        var catalog = new PicaCatalog(options);

        for (var i = 0; i < 3; i++)
        {
            await catalog.GetActionAsync(PicaEmulator.GmailGetMessageAction);
        }

        Assert.Equal(3, _pica.ReceivedRequests.Count(r => r.Endpoint == PicaEndpoint.Knowledge && (int)r.StatusCode == 200));
    }

    [Fact]
    public async Task The_cache_stays_within_its_entries_and_bytes_under_10000_distinct_ids()
    {
        const int Ids = 10_000;
        _pica.SeedActions(Ids);
        var options = _pica.CreateOptions();
        options.MaxCachedActions = 500;
        options.MaxCachedActionBytes = 100 * 1024;
        var catalog = new PicaCatalog(options);
        var overBound = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, Ids), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var knowledge = await catalog.GetActionAsync("bulk::" + i, token);
            Assert.Equal("conn_mod_def::bulk::" + i, knowledge!.Id);
            if (catalog.Cache.Count > options.MaxCachedActions || catalog.Cache.Bytes > options.MaxCachedActionBytes)
            {
                Interlocked.Increment(ref overBound);
            }
        });

        Assert.Equal(0, overBound);
        Assert.InRange(catalog.Cache.Count, 1, options.MaxCachedActions);
        Assert.InRange(catalog.Cache.Bytes, 1, options.MaxCachedActionBytes);
        Assert.Equal(Ids, _pica.ReceivedRequests.Count(r => r.Endpoint == PicaEndpoint.Knowledge));

        // The entry count bound binds too, once entries are small enough for it.
        var cache = new KnowledgeCache();
        for (var i = 0; i < Ids; i++)
        {
            cache.Put(new KnowledgeEntry("account", "id" + i, new PicaActionKnowledge(), null, 10, DateTimeOffset.MaxValue), 500, 1L << 30);
            Assert.InRange(cache.Count, 1, 500);
        }

        Assert.Equal((500, 5000L), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void Entries_of_another_account_are_never_read()
    {
        var cache = new KnowledgeCache();
        cache.Put(new KnowledgeEntry("account-a", "conn_mod_def::x", new PicaActionKnowledge { Id = "conn_mod_def::x" }, null, 10, DateTimeOffset.MaxValue), 10, 1000);

        Assert.Null(cache.Get("account-b", "conn_mod_def::x"));
        Assert.NotNull(cache.Get("account-a", "conn_mod_def::x"));
    }
}
