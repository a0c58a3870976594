using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AuthKit;

/// <summary>
/// Keeps the DI client's <see cref="ValidatedOptions"/> in step with its configuration, as
/// <c>IOptionsMonitor&lt;AuthKitOptions&gt;</c> would: when one of the change sources the monitor
/// follows says the options changed (a reloaded <c>appsettings.json</c>, a refreshed vault), the
/// options are built anew and, if valid, replace the snapshot; otherwise the refusal is logged and the
/// last valid options stay in use.
/// </summary>
/// <remarks>
/// It listens to the same change sources as <c>IOptionsMonitor</c> and builds with the same factory,
/// rather than subscribing to <c>IOptionsMonitor.OnChange</c>: the monitor drops an invalid reload
/// without a word (its listeners are simply not called), and a refused key must be logged.
/// </remarks>
internal static class AuthKitOptionsReload
{
    public static ValidatedOptions Follow(IServiceProvider services, ILogger logger)
    {
        // Built and validated here (at start, or on first use where no host runs ValidateOnStart); a
        // copy from here on. Not through IOptionsMonitor: the monitor's own change callback throws out of
        // IConfigurationRoot.Reload() when a reloaded value is invalid.
        var factory = services.GetRequiredService<IOptionsFactory<AuthKitOptions>>();
        var validated = ValidatedOptions.ForServices(factory.Create(Options.DefaultName));
        foreach (var source in services.GetServices<IOptionsChangeTokenSource<AuthKitOptions>>())
        {
            if ((source.Name ?? Options.DefaultName) == Options.DefaultName)
            {
                validated.Follow(ChangeToken.OnChange(source.GetChangeToken, () => Reload(validated, factory, logger)));
            }
        }

        return validated;
    }

    private static void Reload(ValidatedOptions validated, IOptionsFactory<AuthKitOptions> factory, ILogger logger)
    {
        AuthKitOptions candidate;
        try
        {
            candidate = factory.Create(Options.DefaultName);
        }
        catch (OptionsValidationException ex)
        {
            // The failures name the options; AuthKit's never quote the key, and other validators' text is cleaned.
            AuthKitLog.OptionsReloadRefused(logger, validated.Redactor.Clean(string.Join(" ", ex.Failures)));
            return;
        }
        catch (Exception ex)
        {
            // A value that does not bind (a BaseUrl that is not a URL, say). Nothing may escape a change callback.
            AuthKitLog.OptionsReloadRefused(logger, validated.Redactor.Clean($"the configuration could not be read: {ex.Message}"));
            return;
        }

        if (validated.TryReplace(candidate, out var changed) is { } refusal)
        {
            AuthKitLog.OptionsReloadRefused(logger, validated.Redactor.Clean(refusal));
        }
        else if (changed.Count > 0)
        {
            AuthKitLog.OptionsReloaded(logger, string.Join(", ", changed));
        }
    }
}
