using System.Text.Json;
using AuthKit.Testing;

namespace AuthKit.Tests.Platforms;

/// <summary>
/// <see cref="IAuthKitToken.CreatePageAsync"/>: the page asked for, as the platform sent it, after one request;
/// a page or limit out of bounds refused before anything is sent.
/// </summary>
public sealed class SinglePageTests : IDisposable
{
    private readonly PicaEmulator _one = PicaEmulator.Start(new PicaEmulatorOptions { Platform = AuthKitPlatform.One }).SeedConnections(23, seed: 4);

    public void Dispose() => _one.Dispose();

    [Fact]
    public async Task Page_2_of_5_is_the_platforms_page_2_after_one_request()
    {
        var page = await new AuthKitToken(_one.CreateOptions()).CreatePageAsync(new AuthKitTokenRequest { Identity = "user_1", IdentityType = IdentityType.User }, 2, 5);

        var sent = Assert.Single(_one.ReceivedRequests);
        Assert.Equal(("/v1/authkit/token", 2, 5, "user_1"), (sent.Path, sent.Page, sent.Limit, sent.Identity));
        Assert.Equal((2, 5, 23, sent.RequestId), (page.Page, page.Pages, page.Total, page.RequestId is { } id && id.TryGetInt64(out var n) ? n : (long?)null));
        Assert.Equal(
            _one.Connections.Skip(5).Take(5).Select(c => JsonSerializer.Serialize(c, JsonSerializerOptions.Web)),
            page.Rows.Select(c => JsonSerializer.Serialize(c, JsonSerializerOptions.Web)));
        Assert.False(page.IsWhiteLabel);
    }

    [Fact]
    public async Task Without_a_limit_the_configured_page_size_is_asked_for()
    {
        var options = _one.CreateOptions();
        options.PageSize = 10;

        var page = await new AuthKitToken(options).CreatePageAsync(null, 3);

        Assert.Equal((3, 10), (Assert.Single(_one.ReceivedRequests).Page, _one.ReceivedRequests[0].Limit));
        Assert.Equal(3, page.Rows.Count);
    }

    [Theory]
    [InlineData(0, null, "page")]
    [InlineData(-1, null, "page")]
    [InlineData(1001, null, "page")]
    [InlineData(1, 0, "limit")]
    [InlineData(1, 101, "limit")]
    public async Task A_page_or_limit_out_of_bounds_is_refused_naming_it_and_nothing_is_sent(int page, int? limit, string parameter)
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new AuthKitToken(_one.CreateOptions()).CreatePageAsync(null, page, limit));

        Assert.Equal(parameter, ex.ParamName);
        Assert.StartsWith($"'{parameter}' must be an integer from 1 to ", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_one.ReceivedRequests);
    }

    [Fact]
    public async Task A_limit_up_to_a_larger_configured_page_size_is_allowed()
    {
        var options = _one.CreateOptions();
        options.PageSize = 150;

        var page = await new AuthKitToken(options).CreatePageAsync(null, 1, 150);

        Assert.Equal(23, page.Rows.Count);
        Assert.Equal(150, Assert.Single(_one.ReceivedRequests).Limit);
    }

    [Fact]
    public async Task A_refused_page_is_the_same_typed_error_as_for_the_whole_token()
    {
        _one.FailPage(2, PicaFault.Status(System.Net.HttpStatusCode.Forbidden));

        var ex = await Assert.ThrowsAsync<AuthKitApiException>(() => new AuthKitToken(_one.CreateOptions()).CreatePageAsync(null, 2, 5));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, ex.StatusCode);
    }
}
