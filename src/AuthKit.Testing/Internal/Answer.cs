using System.Globalization;
using System.Net;
using System.Text;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace AuthKit.Testing.Internal;

/// <summary>What the emulator decided to answer to one request, turned into WireMock's response at the end.</summary>
internal sealed record Answer(HttpStatusCode Status, string? Body, PicaFault? Fault = null, TimeSpan? RetryAfter = null, long? RequestId = null)
{
    public string? ContentType { get; init; } = "application/json; charset=utf-8";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A binary body, sent instead of <see cref="Body"/> when set.</summary>
    public ReadOnlyMemory<byte>? BodyBytes { get; init; }

    /// <summary>Extra wait before this answer goes out (a scripted passthrough answer's latency).</summary>
    public TimeSpan Latency { get; init; }

    public static Answer Json(string body, PicaFault? fault = null, long? requestId = null) => new(HttpStatusCode.OK, body, fault, RequestId: requestId);

    public static Answer Error(HttpStatusCode status, string message, PicaFault? fault = null, TimeSpan? retryAfter = null) =>
        new(status, PicaJson.Error((int)status, ReasonPhrase(status), message), fault, retryAfter);

    public ResponseMessage ToResponse()
    {
        var response = new ResponseMessage { StatusCode = (int)Status };
        if (ContentType is not null)
        {
            response.AddHeader("Content-Type", ContentType);
        }

        foreach (var (name, value) in Headers)
        {
            response.AddHeader(name, value);
        }

        if (RetryAfter is { } wait)
        {
            response.AddHeader("Retry-After", PicaFault.RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture));
        }

        response.BodyData = BodyBytes is { } bytes
            ? new BodyData { BodyAsBytes = bytes.ToArray(), DetectedBodyType = BodyType.Bytes }
            : new BodyData
            {
                BodyAsString = Body ?? string.Empty,
                DetectedBodyType = BodyType.String,
                Encoding = Encoding.UTF8,
            };
        return response;
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.MethodNotAllowed => "Method Not Allowed",
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        HttpStatusCode.GatewayTimeout => "Gateway Timeout",
        _ => status.ToString(),
    };
}
