using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>Refuses settings of the health check that make no sense, naming the setting and the range.</summary>
internal sealed class AuthKitHealthCheckOptionsValidator : IValidateOptions<AuthKitHealthCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthKitHealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.CacheDuration < TimeSpan.Zero || options.CacheDuration > AuthKitHealthCheckOptions.MaxCacheDuration
            ? ValidateOptionsResult.Fail(
                $"AuthKitHealthCheckOptions.CacheDuration of the health check '{name}' must be between 00:00:00 and {AuthKitHealthCheckOptions.MaxCacheDuration:c}; it is {options.CacheDuration:c}.")
            : ValidateOptionsResult.Success;
    }
}
