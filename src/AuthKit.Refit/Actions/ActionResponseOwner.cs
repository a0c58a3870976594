namespace AuthKit;

/// <summary>What a streamed action result releases when disposed: the answer, then its passthrough client.</summary>
internal sealed class ActionResponseOwner(HttpResponseMessage response, IDisposable client) : IDisposable
{
    public void Dispose()
    {
        response.Dispose();
        client.Dispose();
    }
}
