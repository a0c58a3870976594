using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// Logs what made a preflight fail, so that a misconfigured <c>AllowedOrigins</c> or <c>AllowedHeaders</c>
/// is visible, without letting a hostile page flood the log: each distinct origin, and each distinct
/// request header name, is logged once per process, at most <see cref="MaxOrigins"/> origins and
/// <see cref="MaxHeaders"/> header names; after that one more line says further ones are not logged.
/// What is logged and kept is cleaned (control characters replaced) and bounded, so what is kept is
/// bounded too.
/// </summary>
internal sealed class RefusedPreflightLog(ILoggerFactory loggerFactory, IOptions<AuthKitOptions> sdk)
{
    public const int MaxOrigins = 100;
    public const int MaxOriginLength = 200;
    public const int MaxHeaders = 100;
    public const int MaxHeaderLength = 100;

    private readonly ILogger _logger = loggerFactory.CreateLogger(AuthKitEndpointLog.Category);
    private readonly LoggedOnceSet _origins = new(MaxOrigins, MaxOriginLength, StringComparer.Ordinal);

    // Header names are case-insensitive: Chromium sends them lower-cased, a config names them as it likes.
    private readonly LoggedOnceSet _headers = new(MaxHeaders, MaxHeaderLength, StringComparer.OrdinalIgnoreCase);

    /// <summary>A preflight from an origin not in <c>AllowedOrigins</c>.</summary>
    public void ReportOrigin(string origin)
    {
        switch (_origins.Take(origin, out var cleaned))
        {
            case LoggedOnce.Value when OtherPlatformOf(cleaned) is { } other:
                // The page runs the other platform's widget: its iframe is not the chosen platform's.
                var chosen = AuthKitPlatformDialect.For(sdk.Value.Platform);
                AuthKitEndpointLog.OtherPlatformOriginRefused(_logger, cleaned, other.Name, chosen.Name, chosen.FrontendOrigin);
                break;
            case LoggedOnce.Value:
                AuthKitEndpointLog.OriginRefused(_logger, cleaned);
                break;
            case LoggedOnce.Limit:
                AuthKitEndpointLog.RefusedOriginsNotLogged(_logger, MaxOrigins);
                break;
        }
    }

    /// <summary>A preflight from an allowed origin that asks to send a header not in <c>AllowedHeaders</c>.</summary>
    public void ReportHeader(string header)
    {
        switch (_headers.Take(header, out var cleaned))
        {
            case LoggedOnce.Value:
                AuthKitEndpointLog.HeaderRefused(_logger, cleaned);
                break;
            case LoggedOnce.Limit:
                AuthKitEndpointLog.RefusedHeadersNotLogged(_logger, MaxHeaders);
                break;
        }
    }

    private AuthKitPlatformDialect? OtherPlatformOf(string origin)
    {
        foreach (var dialect in AuthKitPlatformDialect.All)
        {
            if (dialect.Platform != sdk.Value.Platform && string.Equals(origin, dialect.FrontendOrigin, StringComparison.OrdinalIgnoreCase))
            {
                return dialect;
            }
        }

        return null;
    }
}
