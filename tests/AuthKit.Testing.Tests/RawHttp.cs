using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AuthKit.Testing.Tests;

/// <summary>Plain HttpClient calls to the emulator, as a consumer's own HTTP code would make them.</summary>
internal static class RawHttp
{
    public static HttpClient Client(PicaEmulator pica, string? key = null)
    {
        var client = new HttpClient { BaseAddress = pica.Url };
        if (key is not "")
        {
            client.DefaultRequestHeaders.Add(PicaEmulator.SecretHeaderName, key ?? pica.SecretKey);
        }

        return client;
    }

    public static Task<HttpResponseMessage> PostPageAsync(HttpClient client, int page, int limit, string body = """{"identity":"user_1","identityType":"user"}""") =>
        client.PostAsync($"v1/authkit?limit={limit}&page={page}", new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    /// <summary>
    /// Sends <paramref name="target"/> byte for byte over a new connection, with the emulator's key and
    /// <paramref name="headers"/>: HttpClient would resolve escaped dots (<c>%2e%2e</c>) itself before sending.
    /// </summary>
    /// <returns>The answer's status and body.</returns>
    public static async Task<(int Status, string Body)> SendTargetAsync(
        PicaEmulator pica, string method, string target, IEnumerable<(string Name, string Value)> headers, string? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(pica.Url.Host, pica.Url.Port);
        var stream = tcp.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: {pica.Url.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"{PicaEmulator.SecretHeaderName}: {pica.SecretKey}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        var content = Encoding.UTF8.GetBytes(body ?? string.Empty);
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {content.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(content);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();

        var end = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var answerHead = answer[..end];
        var answerBody = answer[(end + 4)..];
        if (answerHead.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            answerBody = Unchunk(answerBody);
        }

        return (int.Parse(answerHead.Split(' ')[1], CultureInfo.InvariantCulture), answerBody);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(chunked.AsSpan(at, lineEnd - at), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
