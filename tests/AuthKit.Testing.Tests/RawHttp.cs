using System.Net.Http.Json;
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
}
