using System.Globalization;
using System.Net;

namespace AuthKit.Testing;

/// <summary>
/// A failure the <see cref="PicaEmulator"/> serves instead of (or before) its normal answer, scheduled
/// with <see cref="PicaEmulator.FailPage"/> or <see cref="PicaEmulator.FailFlags"/>. Create one with the
/// static factories, e.g. <c>PicaFault.ServiceUnavailable()</c> or <c>PicaFault.Delay(TimeSpan.FromSeconds(5))</c>.
/// </summary>
public sealed partial class PicaFault
{
    private PicaFault(PicaFaultKind kind, HttpStatusCode statusCode, TimeSpan? retryAfter, TimeSpan delay)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        Delay = delay;
    }

    /// <summary>What the fault does.</summary>
    public PicaFaultKind Kind { get; }

    /// <summary>The status answered: the error status for <see cref="PicaFaultKind.Status"/>, otherwise 200.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>Retry-After</c> header sent with a <see cref="PicaFaultKind.Status"/> fault, in whole seconds; <see langword="null"/> for none.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The extra wait of a <see cref="PicaFaultKind.Delay"/> fault; zero for the other kinds.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Answers <paramref name="statusCode"/> with a JSON error body.</summary>
    /// <param name="statusCode">An error status, 400 to 599.</param>
    /// <param name="retryAfter">Sent as <c>Retry-After</c> in whole seconds (rounded up) when set.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not an error status, or the wait is negative.</exception>
    public static PicaFault Status(HttpStatusCode statusCode, TimeSpan? retryAfter = null)
    {
        if ((int)statusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A status fault needs an error status (400-599).");
        }

        if (retryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryAfter), retryAfter, "Retry-After cannot be negative.");
        }

        return new PicaFault(PicaFaultKind.Status, statusCode, retryAfter, TimeSpan.Zero);
    }

    /// <summary>503 Service Unavailable, optionally with <c>Retry-After</c>: a transient failure clients retry.</summary>
    /// <param name="retryAfter">Sent as <c>Retry-After</c> when set.</param>
    /// <returns>The fault.</returns>
    public static PicaFault ServiceUnavailable(TimeSpan? retryAfter = null) => Status(HttpStatusCode.ServiceUnavailable, retryAfter);

    /// <summary>429 Too Many Requests with <c>Retry-After</c>: rate limiting.</summary>
    /// <param name="retryAfter">Sent as <c>Retry-After</c>.</param>
    /// <returns>The fault.</returns>
    public static PicaFault TooManyRequests(TimeSpan retryAfter) => Status(HttpStatusCode.TooManyRequests, retryAfter);

    /// <summary>500 Internal Server Error.</summary>
    /// <returns>The fault.</returns>
    public static PicaFault InternalServerError() => Status(HttpStatusCode.InternalServerError);

    /// <summary>401 Unauthorized, as if the key had been revoked: a final failure clients must not retry.</summary>
    /// <returns>The fault.</returns>
    public static PicaFault Unauthorized() => Status(HttpStatusCode.Unauthorized);

    /// <summary>Waits <paramref name="delay"/> (on top of any latency) and then answers normally.</summary>
    /// <param name="delay">The extra wait.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The wait is negative.</exception>
    public static PicaFault Slow(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new PicaFault(PicaFaultKind.Delay, HttpStatusCode.OK, null, delay);
    }

    /// <summary>Answers 200 with an empty body.</summary>
    /// <returns>The fault.</returns>
    public static PicaFault EmptyResponse() => new(PicaFaultKind.EmptyResponse, HttpStatusCode.OK, null, TimeSpan.Zero);

    /// <summary>Answers 200 with a body cut off in the middle of the JSON.</summary>
    /// <returns>The fault.</returns>
    public static PicaFault MalformedJson() => new(PicaFaultKind.MalformedJson, HttpStatusCode.OK, null, TimeSpan.Zero);

    /// <summary>Describes the fault, e.g. <c>Status 429 Retry-After 2s</c> or <c>Delay 5000 ms</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        PicaFaultKind.Status when Shape is { } shape =>
            string.Create(CultureInfo.InvariantCulture, $"Status {(int)StatusCode} {shape}"),
        PicaFaultKind.Status when RetryAfter is { } wait =>
            string.Create(CultureInfo.InvariantCulture, $"Status {(int)StatusCode} Retry-After {RetryAfterSeconds(wait)}s"),
        PicaFaultKind.Status => string.Create(CultureInfo.InvariantCulture, $"Status {(int)StatusCode}"),
        PicaFaultKind.Delay => string.Create(CultureInfo.InvariantCulture, $"Delay {Delay.TotalMilliseconds:0} ms"),
        _ => Kind.ToString(),
    };

    internal static long RetryAfterSeconds(TimeSpan wait) => (long)Math.Ceiling(wait.TotalSeconds);
}
