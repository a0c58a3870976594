using System.Net;
using System.Security.Cryptography;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static AuthKit.Tests.Passthrough.TwoTenants;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// A request body of unknown length streams through the passthrough client: the server reads its first
/// part before the caller's content has written the rest, and the bytes arrive as written (chunked, no
/// Content-Length).
/// </summary>
public sealed class PassthroughUploadTests
{
    [Fact]
    public async Task A_streamed_upload_reaches_the_server_before_its_last_bytes_are_written()
    {
        var first = new byte[64 * 1024];
        var rest = new byte[200 * 1024];
        new Random(1801).NextBytes(first);
        new Random(1802).NextBytes(rest);
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? transferEncoding = null;
        long? contentLength = -1;
        await using var pica = await KestrelStandIn.StartAsync(app =>
        {
            app.MapGet("/v1/vault/connections", () => Results.Text(
                $$"""{"rows":[{{Row(MineId, MyKey, "user_1")}}],"total":1,"pages":1,"page":1}""", "application/json"));
            app.MapPost("/v1/passthrough/upload", async (HttpContext http) =>
            {
                transferEncoding = http.Request.Headers.TransferEncoding;
                contentLength = http.Request.ContentLength;
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[16 * 1024];
                long total = 0;
                for (int n; (n = await http.Request.Body.ReadAsync(buffer)) > 0;)
                {
                    sha.AppendData(buffer, 0, n);
                    total += n;
                    if (total >= first.Length)
                    {
                        firstArrived.TrySetResult();
                    }
                }

                return Results.Text($"{total}:{Convert.ToHexString(sha.GetHashAndReset())}");
            });
        });
        using var http = await new PicaConnections(new AuthKitOptions { SecretKey = Secret, BaseUrl = pica.Url })
            .ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(MyKey, ActionId);

        using var response = await http.PostAsync("upload", new TwoPartContent(first, rest, firstArrived.Task));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{first.Length + rest.Length}:{Convert.ToHexString(SHA256.HashData([.. first, .. rest]))}", await response.Content.ReadAsStringAsync());
        Assert.Equal("chunked", transferEncoding);
        Assert.Null(contentLength);
    }

    // Writes its first part, then the rest only once the server has read the first: a client that
    // buffered the body before sending would wait here until the guard's minute is up.
    private sealed class TwoPartContent(byte[] first, byte[] rest, Task firstArrived) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await firstArrived.WaitAsync(TimeSpan.FromMinutes(1));
            await stream.WriteAsync(rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
