using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// Validates <see cref="AuthKitOptions"/>: the generated attribute checks, plus what attributes
/// cannot say trim-safely (the URL's scheme and host, time spans) or precisely (where the secret key is wrong).
/// No message ever quotes the secret key.
/// </summary>
internal sealed class AuthKitOptionsValidator : IValidateOptions<AuthKitOptions>
{
    private static readonly AuthKitOptionsAttributeValidator Attributes = new();

    public ValidateOptionsResult Validate(string? name, AuthKitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        result.AddResult(Attributes.Validate(name, options));
        if (SecretKeyValidator.Problem(options.SecretKey) is { } keyProblem)
        {
            result.AddError(keyProblem, nameof(AuthKitOptions.SecretKey));
        }

        BaseUrlRules.Validate(options.BaseUrl, result);
        PlatformRules.Validate(options, result);

        Between(result, options.Timeout, nameof(AuthKitOptions.Timeout), TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        Between(result, options.RetryDelay, nameof(AuthKitOptions.RetryDelay), TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Between(result, options.MaxRetryDelay, nameof(AuthKitOptions.MaxRetryDelay), TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Between(result, options.FlagsGracePeriod, nameof(AuthKitOptions.FlagsGracePeriod), TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Between(result, options.WhiteLabelCacheDuration, nameof(AuthKitOptions.WhiteLabelCacheDuration), TimeSpan.Zero, TimeSpan.FromHours(24));
        Between(result, options.PassthroughConfirmationDuration, nameof(AuthKitOptions.PassthroughConfirmationDuration), TimeSpan.Zero, TimeSpan.FromHours(1));
        Between(result, options.ActionKnowledgeCacheDuration, nameof(AuthKitOptions.ActionKnowledgeCacheDuration), TimeSpan.Zero, TimeSpan.FromHours(24));
        Between(result, options.PooledConnectionLifetime, nameof(AuthKitOptions.PooledConnectionLifetime), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Between(result, options.TotalTimeout, nameof(AuthKitOptions.TotalTimeout), TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        return result.Build();
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, for the standalone client.</summary>
    public static void ThrowIfInvalid(AuthKitOptions options, string paramName)
    {
        var result = new AuthKitOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new ArgumentException(string.Join(" ", result.Failures ?? []), paramName);
        }
    }

    private static void Between(ValidateOptionsResultBuilder result, TimeSpan value, string property, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            result.AddError($"AuthKitOptions.{property} must be between {min} and {max}.", property);
        }
    }
}
