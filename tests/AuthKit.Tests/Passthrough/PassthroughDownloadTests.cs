using AuthKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// A 50 MB download through the passthrough client streams: the caller reads it all in 80 KB reads, and
/// the process allocates a fraction of it meanwhile. Memory is the process's allocated bytes
/// (GC.GetTotalAllocatedBytes(precise: true)) across the download, which counts every thread; the class
/// runs alone (SerialCollection) so that no other test adds to it. The bound, 16 MiB, is a third of what a
/// client that buffered the answer would allocate for the body alone.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PassthroughDownloadTests(ITestOutputHelper output)
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;
    private const long AllocationBound = 16L * 1024 * 1024;

    [Fact]
    public async Task A_50_MB_download_is_read_whole_without_being_buffered()
    {
        var vault = $$"""{"rows":[{{TwoTenants.Row(TwoTenants.MineId, TwoTenants.MyKey, "user_1")}}],"total":1,"pages":1,"page":1}""";
        await using var pica = new RawHttpServer((s, target, stream, ct) => target.StartsWith("/v1/vault/", StringComparison.Ordinal)
            ? s.WriteJsonAsync(stream, vault, ct)
            : s.WriteDeclaredAsync(stream, FiftyMegabytes, ct));
        using var http = await new PicaConnections(new AuthKitOptions { SecretKey = "sk_test_download_0123456789abcdef", BaseUrl = pica.Url })
            .ForIdentity("user_1", IdentityType.User).CreatePassthroughClientAsync(TwoTenants.MyKey, "conn_mod_def::download::files");
        var buffer = new byte[80 * 1024];

        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await http.GetAsync("files/big.bin", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        long read = 0;
        for (int n; (n = await body.ReadAsync(buffer)) > 0;)
        {
            read += n;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"read {read} bytes, allocated {allocated / 1024.0 / 1024.0:F2} MiB meanwhile");
        Assert.Equal(FiftyMegabytes, read);
        Assert.Equal(FiftyMegabytes, response.Content.Headers.ContentLength);
        Assert.True(allocated < AllocationBound, $"allocated {allocated} bytes while reading a {FiftyMegabytes}-byte download");
    }
}
