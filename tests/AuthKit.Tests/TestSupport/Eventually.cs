namespace AuthKit.Tests.TestSupport;

/// <summary>Waits for a condition instead of sleeping for a guessed time.</summary>
internal static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeoutMs} ms waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }
}
