using System.Net;

namespace AuthKit;

/// <summary>
/// Pica answered with a non-success HTTP status (after any retries). When the body is Pica's JSON error
/// envelope, its key, code, message and correlation id are in <see cref="ErrorKey"/>, <see cref="ErrorCode"/>,
/// <see cref="ErrorMessage"/> and <see cref="CorrelationId"/>, and the message names them.
/// </summary>
public class AuthKitApiException : AuthKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status Pica answered with.</param>
    /// <param name="responseBody">The body Pica answered with, if any (AuthKit passes at most its first 4 KiB, cleaned).</param>
    /// <param name="innerException">The cause, if any.</param>
    public AuthKitApiException(string message, HttpStatusCode statusCode, string? responseBody, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ResponseBody = responseBody;
    }

    /// <summary>The HTTP status Pica answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// The start of the body Pica answered with, if any: at most its first 4 KiB (4096 bytes, the
    /// rest of a longer body is never read), decoded as text, with the secret key replaced by
    /// <c>[REDACTED]</c> in any encoding (as written, JSON-escaped, URL-encoded), the user information
    /// of URLs redacted, and control characters replaced (tab, CR and LF by spaces).
    /// </summary>
    public string? ResponseBody { get; }

    /// <summary>
    /// Pica's error key (the envelope's <c>key</c>, e.g. <c>err::application::unauthorized</c>), bounded and
    /// cleaned as <see cref="ResponseBody"/>; <see langword="null"/> when the body is not Pica's JSON error
    /// envelope (plain text, HTML, empty) or has no key.
    /// </summary>
    public string? ErrorKey { get; init; }

    /// <summary>Pica's numeric error code (the older envelope's <c>code</c>, e.g. <c>2010</c>); <see langword="null"/> when there is none.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>Pica's error message (the envelope's <c>message</c>), bounded and cleaned; <see langword="null"/> when there is none.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>
    /// The correlation id to quote to Pica: the envelope's <c>correlationId</c>, or, where the envelope has
    /// none, the first of the headers <c>x-correlation-id</c>, <c>correlation-id</c>, <c>x-request-id</c>;
    /// bounded and cleaned. <see langword="null"/> when the body is not an envelope or neither came.
    /// </summary>
    public string? CorrelationId { get; init; }
}
