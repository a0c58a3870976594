using System.Globalization;

namespace AuthKit;

/// <summary>
/// What <see cref="IAuthKitToken.CreatePageAsync"/> may ask for: a page from 1 to
/// <see cref="AuthKitOptions.MaxPages"/>, and a limit from 1 to 100, the official SDKs' page size (or to
/// <see cref="AuthKitOptions.PageSize"/> when that is configured higher). The messages name the parameter
/// and the bounds, never a value the caller did not choose.
/// </summary>
internal static class TokenPageArguments
{
    public const int DefaultMaxLimit = 100;

    public static int MaxLimit(AuthKitOptions options) => Math.Max(DefaultMaxLimit, options.PageSize);

    public static void Validate(int page, int? limit, AuthKitOptions options)
    {
        if (PageProblem(page, options) is { } pageProblem)
        {
            throw new ArgumentOutOfRangeException(nameof(page), pageProblem);
        }

        if (limit is { } l && LimitProblem(l, options) is { } limitProblem)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limitProblem);
        }
    }

    public static string? PageProblem(int page, AuthKitOptions options) => page < 1 || page > options.MaxPages
        ? string.Create(CultureInfo.InvariantCulture, $"'page' must be an integer from 1 to {options.MaxPages} (AuthKitOptions.MaxPages).")
        : null;

    public static string? LimitProblem(int limit, AuthKitOptions options) => limit < 1 || limit > MaxLimit(options)
        ? string.Create(CultureInfo.InvariantCulture, $"'limit' must be an integer from 1 to {MaxLimit(options)}.")
        : null;
}
