using System.Net;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Errors;

/// <summary>
/// Pica's error envelopes, older (<c>code</c>) and successor (<c>correlationId</c>), reach the caller typed
/// on <see cref="AuthKitApiException"/> and named in its message; plain text, HTML and empty bodies are
/// no envelope. Over both clients, against the emulator's error shapes.
/// </summary>
public sealed class ErrorEnvelopeTests : IDisposable
{
    private const string UnauthorizedKey = "err::application::unauthorized";
    private const string UnauthorizedMessage = "You are not authorized to access this resource";

    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(3, seed: 16);

    public static TheoryData<ClientMode> Modes => [ClientMode.DependencyInjection, ClientMode.Standalone];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_older_envelope_gives_key_code_and_message_and_is_not_retried(ClientMode mode)
    {
        _pica.FailPage(1, PicaFault.EnvelopeWithCode(HttpStatusCode.Unauthorized, 2010, UnauthorizedKey, UnauthorizedMessage), int.MaxValue);

        var error = await FailAsync(mode);

        Assert.Equal((HttpStatusCode.Unauthorized, UnauthorizedKey, 2010, UnauthorizedMessage, (string?)null),
            (error.StatusCode, error.ErrorKey, error.ErrorCode, error.ErrorMessage, error.CorrelationId));
        Assert.Equal($"Pica answered page 1 with HTTP 401 (Unauthorized): key '{UnauthorizedKey}', code 2010: {UnauthorizedMessage}", error.Message);
        Assert.Contains(UnauthorizedKey, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"code\":2010", error.ResponseBody, StringComparison.Ordinal);
        Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.TokenPage);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_older_envelope_takes_its_correlation_id_from_the_header(ClientMode mode)
    {
        _pica.FailPage(1, PicaFault.EnvelopeWithCode(HttpStatusCode.Forbidden, 2011, "err::application::forbidden", "Forbidden", correlationIdHeader: "hdr-7f3a"), int.MaxValue);

        var error = await FailAsync(mode);

        Assert.Equal(("err::application::forbidden", 2011, "hdr-7f3a"), (error.ErrorKey, error.ErrorCode, error.CorrelationId));
        Assert.Contains("correlation id 'hdr-7f3a'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_successor_envelope_gives_its_correlation_id_and_402_is_not_retried(ClientMode mode)
    {
        _pica.FailPage(1, PicaFault.EnvelopeWithCorrelationId(HttpStatusCode.PaymentRequired, "err::billing::quota", "Monthly quota exceeded", "corr-91b2"), int.MaxValue);

        var error = await FailAsync(mode);

        Assert.Equal((HttpStatusCode.PaymentRequired, "err::billing::quota", (int?)null, "Monthly quota exceeded", "corr-91b2"),
            (error.StatusCode, error.ErrorKey, error.ErrorCode, error.ErrorMessage, error.CorrelationId));
        Assert.Equal("Pica answered page 1 with HTTP 402 (PaymentRequired): key 'err::billing::quota', correlation id 'corr-91b2': Monthly quota exceeded", error.Message);
        Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.TokenPage);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_successor_envelope_on_a_later_page_names_that_page(ClientMode mode)
    {
        _pica.SeedConnections(150, seed: 16)
            .FailPage(2, PicaFault.EnvelopeWithCorrelationId(HttpStatusCode.NotFound, "err::authkit::not_found", "Not found", "corr-404"), int.MaxValue);

        var error = await FailAsync(mode);

        Assert.Equal(("err::authkit::not_found", "corr-404"), (error.ErrorKey, error.CorrelationId));
        Assert.StartsWith("Pica answered page 2 with HTTP 404", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, HttpStatusCode, string> NotEnvelopes => new()
    {
        { "plain text", HttpStatusCode.BadRequest, "upstream said no" },
        { "html", HttpStatusCode.BadGateway, "<html>" },
        { "empty", HttpStatusCode.Forbidden, "" },
    };

    [Theory]
    [MemberData(nameof(NotEnvelopes))]
    public async Task A_body_that_is_not_an_envelope_gives_no_envelope_fields(string shape, HttpStatusCode status, string inBody)
    {
        var fault = shape switch
        {
            "plain text" => PicaFault.PlainTextError(status, "upstream said no"),
            "html" => PicaFault.HtmlError(status),
            _ => PicaFault.EmptyError(status),
        };
        _pica.FailPage(1, fault, int.MaxValue);

        var error = await FailAsync(ClientMode.Standalone, maxRetries: 0);

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(((string?)null, (int?)null, (string?)null, (string?)null), (error.ErrorKey, error.ErrorCode, error.ErrorMessage, error.CorrelationId));
        Assert.Contains(inBody, error.ResponseBody ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains(inBody, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_echoed_in_an_envelope_is_redacted_from_every_field_and_long_fields_are_bounded()
    {
        var echoed = $"The key {_pica.SecretKey} is not valid " + new string('x', 900);
        _pica.FailPage(1, PicaFault.EnvelopeWithCorrelationId(HttpStatusCode.Unauthorized, $"err::{_pica.SecretKey}", echoed, _pica.SecretKey), int.MaxValue);

        var error = await FailAsync(ClientMode.Standalone);

        foreach (var field in new[] { error.ErrorKey, error.ErrorMessage, error.CorrelationId, error.Message, error.ToString() })
        {
            Assert.DoesNotContain(_pica.SecretKey, field!, StringComparison.Ordinal);
            Assert.Contains("[REDACTED]", field!, StringComparison.Ordinal);
        }

        Assert.Equal(500, error.ErrorMessage!.Length);
        Assert.EndsWith("…", error.ErrorMessage, StringComparison.Ordinal);
    }

    public void Dispose() => _pica.Dispose();

    private async Task<AuthKitApiException> FailAsync(ClientMode mode, int maxRetries = 2)
    {
        await using var client = TestClient.Create(mode, o =>
        {
            o.BaseUrl = _pica.Url;
            o.SecretKey = _pica.SecretKey;
            o.MaxRetries = maxRetries;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        });
        return await Assert.ThrowsAsync<AuthKitApiException>(() => client.AuthKit.CreateAsync("user_1", IdentityType.User));
    }
}
