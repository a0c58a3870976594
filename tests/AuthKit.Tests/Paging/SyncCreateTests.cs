using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Paging;

public sealed class SyncCreateTests : IDisposable
{
    private readonly PicaStub _pica = new();

    public SyncCreateTests() => _pica.ServeRows(ConnectionFaker.Rows(230, seed: 3));

    [Fact]
    public void Create_does_not_deadlock_under_a_single_threaded_SynchronizationContext()
    {
        var client = _pica.Client();
        AuthKitTokenResponse? token = null;

        var finished = SingleThreadedSynchronizationContext.Run(
            () => token = client.Create("user_1", IdentityType.User), TimeSpan.FromSeconds(20), out var error);

        Assert.True(finished, "Create deadlocked");
        Assert.Null(error);
        Assert.Equal(230, token!.Rows.Count);
        Assert.Equal(3, _pica.PageRequests().Count);
    }

    [Fact]
    public void The_context_really_deadlocks_code_that_blocks_on_captured_continuations()
    {
        // The control: without this the test above could pass with a context that never deadlocks.
        static async Task CapturingAsync() => await Task.Delay(50);

        var finished = SingleThreadedSynchronizationContext.Run(
            () => CapturingAsync().GetAwaiter().GetResult(), TimeSpan.FromSeconds(2), out _);

        Assert.False(finished);
    }

    [Fact]
    public void Create_surfaces_api_errors_unwrapped()
    {
        using var pica = new PicaStub();
        pica.Page(1, PicaStub.Json("""{"error":"no"}""", 401));
        pica.Flags(true);

        var error = Assert.Throws<AuthKitApiException>(() => pica.Client().Create());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    public void Dispose() => _pica.Dispose();
}
