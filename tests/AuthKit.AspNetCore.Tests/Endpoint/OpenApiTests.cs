using System.Net;
using System.Text.Json;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.AspNetCore.Tests.Endpoint;

/// <summary>
/// The token endpoint in the document of ASP.NET Core's OpenAPI (<c>AddOpenApi()</c>, what Scalar and Swagger
/// UI read): its POST, answers, content types and token schema, a summary and a tag; its preflight absent.
/// </summary>
public sealed class OpenApiTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(3, seed: 51);

    public void Dispose() => _pica.Dispose();

    private async Task<JsonElement> DocumentAsync(Action<WebApplication> map)
    {
        await using var app = await TokenApp.StartAsync(_pica, services: b => b.Services.AddOpenApi(), pipeline: a =>
        {
            a.MapOpenApi();
            map(a);
        });
        using var response = await app.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task The_document_describes_the_POST_with_its_answers_summary_and_tag_and_no_preflight()
    {
        var document = await DocumentAsync(a => a.MapAuthKitToken());

        var path = Assert.Single(document.GetProperty("paths").EnumerateObject());
        Assert.Equal("/authkit-token", path.Name);
        var operation = Assert.Single(path.Value.EnumerateObject());
        Assert.Equal("post", operation.Name); // no "options": the preflight is not an operation of the API
        var post = operation.Value;
        Assert.Equal("Creates the AuthKit token of the signed-in user", post.GetProperty("summary").GetString());
        Assert.Contains("token.headers", post.GetProperty("description").GetString());
        Assert.Equal(["AuthKit"], post.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var responses = post.GetProperty("responses");
        Assert.Equal(["200", "400", "401", "502"], responses.EnumerateObject().Select(r => r.Name).Order());
        Assert.Equal(["application/json"], responses.GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name));
        foreach (var status in new[] { "400", "401", "502" })
        {
            Assert.Equal(["application/problem+json"], responses.GetProperty(status).GetProperty("content").EnumerateObject().Select(c => c.Name));
        }

        var token = Resolve(document, responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["rows", "total", "pages", "page", "requestId", "isWhiteLabel"], token.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var problem = Resolve(document, responses.GetProperty("502").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema"));
        Assert.Contains("status", problem.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_custom_route_is_in_the_document_and_the_apps_own_tags_replace_the_default_one()
    {
        var document = await DocumentAsync(a => a.MapAuthKitToken("/api/pica/token").WithTags("Integrations"));

        var post = document.GetProperty("paths").GetProperty("/api/pica/token").GetProperty("post");
        Assert.Equal(["Integrations"], post.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Creates the AuthKit token of the signed-in user", post.GetProperty("summary").GetString());
    }

    // A schema either inline or as a $ref into components/schemas.
    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
}
