using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;

namespace AuthKit.AspNetCore.Tests.Aot;

/// <summary>
/// The Native AOT sample, published (no JIT, trimmed), run as a process against a Pica emulator: the
/// token endpoint answers a CORS preflight, a token for a JWT's subject, and problem+json errors.
/// </summary>
public sealed partial class PublishedAotSampleTests : IDisposable
{
    // Only a guard against a hung test; no assertion is made about how long the start takes.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(130, seed: 88);

    public void Dispose() => _pica.Dispose();

    [PublishedAotSampleFact]
    public async Task The_published_binary_serves_a_preflight_a_token_and_problem_answers()
    {
        var binary = Environment.GetEnvironmentVariable(PublishedAotSampleFactAttribute.Variable)!;
        Assert.True(File.Exists(binary), $"{PublishedAotSampleFactAttribute.Variable} names {binary}, which does not exist");
        using var process = Start(binary);
        try
        {
            using var client = new HttpClient { BaseAddress = await ListeningAddressAsync(process) };

            using var preflight = await client.SendAsync(Requests.Preflight(Requests.PicaOrigin));
            using var refused = await client.SendAsync(Requests.Preflight("https://evil.example"));
            using var anonymous = await client.SendAsync(Requests.Token(user: null));
            using var token = await client.SendAsync(WithBearer(Requests.Token(user: null), TestJwt.Create("aot_user_1")));
            _pica.FailPage(1, PicaFault.Unauthorized());
            using var refusedByPica = await client.SendAsync(WithBearer(Requests.Token(user: null), TestJwt.Create("aot_user_2")));

            Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
            Assert.Equal(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Access-Control-Allow-Origin"] = "https://authkit.picaos.com",
                ["Access-Control-Allow-Methods"] = "POST",
                ["Access-Control-Allow-Headers"] = "Authorization,Content-Type",
                ["Access-Control-Max-Age"] = "600",
            }, preflight.AccessControl());
            Assert.Empty(refused.AccessControl());

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
            Assert.Equal(["https://authkit.picaos.com"], anonymous.Header("Access-Control-Allow-Origin"));

            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
            Assert.Equal(["no-store"], token.Header("Cache-Control"));
            Assert.Equal(["https://authkit.picaos.com"], token.Header("Access-Control-Allow-Origin"));
            var json = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(JsonSerializer.Serialize(_pica.Connections, JsonSerializerOptions.Web), json.GetProperty("rows").GetRawText());
            Assert.Equal(["rows", "total", "pages", "page", "requestId", "isWhiteLabel"], json.EnumerateObject().Select(p => p.Name));

            Assert.Equal(HttpStatusCode.BadGateway, refusedByPica.StatusCode);
            Assert.Equal("application/problem+json", refusedByPica.Content.Headers.ContentType?.MediaType);
            var problem = await refusedByPica.Content.ReadAsStringAsync();
            Assert.Equal(401, JsonDocument.Parse(problem).RootElement.GetProperty("picaStatus").GetInt32());
            Assert.DoesNotContain(_pica.SecretKey, problem);

            var pages = _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage).ToArray();
            Assert.Equal(["aot_user_1", "aot_user_1", "aot_user_2"], pages.Select(r => r.Identity));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private Process Start(string binary)
    {
        var start = new ProcessStartInfo(binary)
        {
            // The published appsettings.json sits beside the binary; the content root is the working directory.
            WorkingDirectory = Path.GetDirectoryName(binary)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["AuthKit__SecretKey"] = _pica.SecretKey;
        start.Environment["AuthKit__BaseUrl"] = _pica.Url.ToString();
        foreach (var (key, value) in TestJwt.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return Process.Start(start)!;
    }

    private static async Task<Uri> ListeningAddressAsync(Process process)
    {
        var output = new List<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("The sample exited before listening:\n" + string.Join('\n', output)));
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
            }

            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.Add(e.Data ?? string.Empty);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return await listening.Task.WaitAsync(HangGuard);
    }

    private static HttpRequestMessage WithBearer(HttpRequestMessage request, string jwt)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return request;
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
