using System.Net;

namespace AuthKit;

/// <summary>Pica answered with a non-success HTTP status (after any retries).</summary>
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
}
