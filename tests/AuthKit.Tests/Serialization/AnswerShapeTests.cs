using System.Text.Json;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Serialization;

/// <summary>
/// Every answer shape Pica may send (string ids, a null, string or absent request id, rows without their
/// null fields, a field this version does not know, odd flags) makes the token, over both clients, with
/// the values Pica sent: what the emulator served, read back from the token.
/// </summary>
public sealed class AnswerShapeTests : IDisposable
{
    private const PicaAnswerShape AllAtOnce = PicaAnswerShape.StringIds | PicaAnswerShape.StringRequestId |
        PicaAnswerShape.OmittedNullableFields | PicaAnswerShape.ExtraFields | PicaAnswerShape.OddFlags;

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(130, seed: 15);

    public static TheoryData<PicaAnswerShape, ClientMode> Shapes()
    {
        var data = new TheoryData<PicaAnswerShape, ClientMode>();
        PicaAnswerShape[] shapes =
        [
            PicaAnswerShape.Default, PicaAnswerShape.StringIds, PicaAnswerShape.NullRequestId, PicaAnswerShape.StringRequestId,
            PicaAnswerShape.OmittedRequestId, PicaAnswerShape.OmittedNullableFields, PicaAnswerShape.ExtraFields, PicaAnswerShape.OddFlags, AllAtOnce,
        ];
        foreach (var shape in shapes)
        {
            data.Add(shape, ClientMode.DependencyInjection);
            data.Add(shape, ClientMode.Standalone);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_answer_shape_makes_the_token_with_the_values_Pica_sent(PicaAnswerShape shape, ClientMode mode)
    {
        _pica.WithAnswerShape(shape).WithWhiteLabel(true);
        await using var client = Client(mode);

        var token = await client.AuthKit.CreateAsync("user_1", IdentityType.User);

        var served = _pica.Connections;
        Assert.Equal(served.Select(c => c.Id), token.Rows.Select(r => r.Id));
        Assert.Equal(served.Select(c => c.ConnectionDefId), token.Rows.Select(r => r.ConnectionDefId));
        Assert.All(token.Rows, r => Assert.Equal(!shape.HasFlag(PicaAnswerShape.StringIds), r.Id.IsNumber && r.ConnectionDefId.IsNumber));
        Assert.Equal(served.Select(c => (c.ActivatedAt, c.SecretId, c.ClientSecretDisplay, c.ClientIdDisplay, c.Scopes, c.Guide)),
            token.Rows.Select(r => (r.ActivatedAt, r.SecretId, r.ClientSecretDisplay, r.ClientIdDisplay, r.Scopes, r.Guide)));
        Assert.Contains(served, c => c.Guide is null); // the omitted-fields shape has something to leave out
        Assert.Equal(ExpectedRequestId(shape, LastPage().RequestId!.Value), token.RequestId);
        Assert.True(token.IsWhiteLabel);
        Assert.DoesNotContain(client.Logs.GetSnapshot(), r => r.Id.Name == "WhiteLabelFallback");
        if (shape.HasFlag(PicaAnswerShape.ExtraFields))
        {
            Assert.All(token.Rows, r => Assert.Equal(r.Id.ToString()[^1] % 2 == 0, r.AdditionalProperties!["useDefaultOauthCreds"].GetBoolean()));
        }
        else
        {
            Assert.All(token.Rows, r => Assert.False(r.AdditionalProperties?.ContainsKey("useDefaultOauthCreds") ?? false));
        }
    }

    [Theory]
    [InlineData(ClientMode.DependencyInjection)]
    [InlineData(ClientMode.Standalone)]
    public async Task Flags_without_authkitWhitelist_are_not_white_labelled_and_not_a_fallback(ClientMode mode)
    {
        _pica.WithAnswerShape(PicaAnswerShape.OddFlags).WithWhiteLabel(false);
        await using var client = Client(mode);

        var token = await client.AuthKit.CreateAsync("user_1", IdentityType.User);

        Assert.False(token.IsWhiteLabel);
        Assert.Contains(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Flags && r.StatusCode == System.Net.HttpStatusCode.OK);
        Assert.DoesNotContain(client.Logs.GetSnapshot(), r => r.Id.Name == "WhiteLabelFallback");
    }

    [Theory]
    [InlineData(PicaAnswerShape.StringIds | PicaAnswerShape.StringRequestId, "\"id\":\"conn_plf_9001\",\"connectionDefId\":\"conn_def_", "\"requestId\":\"oauth_req_70002\"")]
    [InlineData(PicaAnswerShape.Default, "\"id\":9001,\"connectionDefId\":", "\"requestId\":70002")]
    [InlineData(PicaAnswerShape.NullRequestId, "\"id\":9001,", "\"requestId\":null")]
    public async Task The_token_writes_the_ids_back_as_Pica_sent_them(PicaAnswerShape shape, string row, string requestId)
    {
        _pica.WithAnswerShape(shape);
        await using var client = Client(ClientMode.Standalone);

        var json = JsonSerializer.Serialize(await client.AuthKit.CreateAsync("user_1", IdentityType.User), JsonSerializerOptions.Web);

        Assert.StartsWith("{\"rows\":[{" + row, json, StringComparison.Ordinal);
        Assert.Contains(requestId + ",", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_request_id_shapes_at_once_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => _pica.WithAnswerShape(PicaAnswerShape.NullRequestId | PicaAnswerShape.StringRequestId));

        Assert.Contains("At most one", error.Message, StringComparison.Ordinal);
        Assert.Equal(PicaAnswerShape.Default, _pica.AnswerShape);
    }

    public void Dispose() => _pica.Dispose();

    internal static PicaId? ExpectedRequestId(PicaAnswerShape shape, long served) =>
        shape.HasFlag(PicaAnswerShape.NullRequestId) || shape.HasFlag(PicaAnswerShape.OmittedRequestId) ? (PicaId?)null
        : shape.HasFlag(PicaAnswerShape.StringRequestId) ? (PicaId)$"oauth_req_{served}"
        : (PicaId)served;

    private PicaEmulatorRequest LastPage() =>
        _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage).MaxBy(r => r.Page)!;

    private TestClient Client(ClientMode mode) => TestClient.Create(mode, o =>
    {
        o.BaseUrl = _pica.Url;
        o.SecretKey = _pica.SecretKey;
        o.WhiteLabelCacheDuration = TimeSpan.Zero;
    });
}
