namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Every test server calls this once it has its port. The SDK keeps each account's white-label flag
/// for the process (per base URL and key, for WhiteLabelCacheDuration), the servers of this test run
/// all take the same key, and a port is often reused by a later server: without this, a server could
/// see no flags call because an earlier server on its port answered one for its tokens.
/// </summary>
internal static class NewServer
{
    public static void At(Uri url) => WhiteLabelCache.Shared.Forget(url);
}
