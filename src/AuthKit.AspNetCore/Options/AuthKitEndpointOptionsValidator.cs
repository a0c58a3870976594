using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// Validates <see cref="AuthKitEndpointOptions"/> at start: every origin must be an exact http(s)
/// origin and every header an HTTP header name. Each message names the offending value (cleaned and
/// bounded) and its position.
/// </summary>
internal sealed class AuthKitEndpointOptionsValidator : IValidateOptions<AuthKitEndpointOptions>
{
    private const string Prefix = nameof(AuthKitEndpointOptions);

    public static readonly TimeSpan MaxPreflightMaxAge = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, AuthKitEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();

        if (options.AllowedOrigins.Count == 0)
        {
            result.AddError($"{Prefix}.AllowedOrigins is empty: list the origin of the AuthKit iframe, e.g. https://authkit.picaos.com.", nameof(options.AllowedOrigins));
        }

        for (var i = 0; i < options.AllowedOrigins.Count; i++)
        {
            var value = options.AllowedOrigins[i];
            if (!OriginNormalizer.TryNormalize(value, out _, out var problem))
            {
                result.AddError($"{Prefix}.AllowedOrigins[{i}] '{ConfiguredValue.Clean(value)}' {problem}.", nameof(options.AllowedOrigins));
            }
        }

        if (options.AllowedHeaders.Count == 0)
        {
            result.AddError($"{Prefix}.AllowedHeaders is empty: list the headers of the frontend's token.headers, e.g. Authorization and Content-Type.", nameof(options.AllowedHeaders));
        }

        for (var i = 0; i < options.AllowedHeaders.Count; i++)
        {
            var value = options.AllowedHeaders[i];
            if (HeaderProblem(value) is { } problem)
            {
                result.AddError($"{Prefix}.AllowedHeaders[{i}] '{ConfiguredValue.Clean(value)}' {problem}.", nameof(options.AllowedHeaders));
            }
        }

        if (options.PreflightMaxAge < TimeSpan.Zero || options.PreflightMaxAge > MaxPreflightMaxAge)
        {
            result.AddError($"{Prefix}.PreflightMaxAge must be between 00:00:00 and {MaxPreflightMaxAge} (it is {options.PreflightMaxAge}).", nameof(options.PreflightMaxAge));
        }

        return result.Build();
    }

    private static string? HeaderProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is empty";
        }

        if (value == "*")
        {
            return "is a wildcard: list each header name the frontend sends in token.headers";
        }

        foreach (var c in value)
        {
            if (!IsTokenChar(c))
            {
                return "is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only)";
            }
        }

        return null;
    }

    // RFC 9110 token characters: the only ones a header name may hold.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
