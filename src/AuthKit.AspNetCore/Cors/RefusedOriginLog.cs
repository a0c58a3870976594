using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// Logs a refused preflight's origin so that a misconfigured <c>AllowedOrigins</c> is visible, without
/// letting a hostile page flood the log: each distinct origin is logged once per process, at most
/// <see cref="MaxOrigins"/> of them; after that one more line says further origins are not logged.
/// Origins are cleaned (control characters replaced) and bounded before they are logged or kept, so
/// what is kept is bounded too (<see cref="MaxOrigins"/> × <see cref="MaxOriginLength"/> characters).
/// </summary>
internal sealed class RefusedOriginLog(ILoggerFactory loggerFactory)
{
    public const int MaxOrigins = 100;
    public const int MaxOriginLength = 200;

    private readonly ILogger _logger = loggerFactory.CreateLogger(AuthKitEndpointLog.Category);
    private readonly object _gate = new();
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private bool _limitReported;

    public void Report(string origin)
    {
        var cleaned = ConfiguredValue.Clean(origin, MaxOriginLength);
        bool limitReached;
        lock (_gate)
        {
            if (_reported.Contains(cleaned) || (_reported.Count >= MaxOrigins && _limitReported))
            {
                return;
            }

            limitReached = _reported.Count >= MaxOrigins;
            if (limitReached)
            {
                _limitReported = true;
            }
            else
            {
                _reported.Add(cleaned);
            }
        }

        if (limitReached)
        {
            AuthKitEndpointLog.RefusedOriginsNotLogged(_logger, MaxOrigins);
        }
        else
        {
            AuthKitEndpointLog.OriginRefused(_logger, cleaned);
        }
    }
}
