using System.Net;

namespace AuthKit;

/// <summary>Pica answered with a non-success HTTP status (after any retries).</summary>
public class AuthKitApiException : AuthKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status Pica answered with.</param>
    /// <param name="responseBody">The body Pica answered with, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public AuthKitApiException(string message, HttpStatusCode statusCode, string? responseBody, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ResponseBody = responseBody;
    }

    /// <summary>The HTTP status Pica answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The body Pica answered with, if any (the secret key is redacted from it).</summary>
    public string? ResponseBody { get; }
}
