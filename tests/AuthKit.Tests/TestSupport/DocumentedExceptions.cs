namespace AuthKit.Tests.TestSupport;

/// <summary>
/// The exceptions IAuthKitToken documents. Anything else escaping (NullReferenceException,
/// IndexOutOfRangeException, a raw JsonException or HttpRequestException) is a crash, not an error
/// a caller can handle; as an InnerException they are fine.
/// </summary>
internal static class DocumentedExceptions
{
    public static async Task<Exception> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            AssertDocumented(ex);
            return ex;
        }

        throw new Xunit.Sdk.XunitException("Expected an exception, but the call succeeded.");
    }

    public static void AssertDocumented(Exception ex) =>
        Assert.True(
            ex is ArgumentException or AuthKitException or OperationCanceledException,
            $"An undocumented exception escaped: {ex}");
}
