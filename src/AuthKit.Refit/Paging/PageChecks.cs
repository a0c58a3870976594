using System.Diagnostics.CodeAnalysis;

namespace AuthKit;

/// <summary>
/// What a page must be before its rows are used. A page that fails a check is refused (an
/// <see cref="AuthKitException"/>, never retried: Pica would send the same again) and fails the token.
/// </summary>
internal static class PageChecks
{
    /// <summary>An answer at all, with rows.</summary>
    public static void Present([NotNull] AuthKitTokenResponse? answer, int page, FailureTranslator failures)
    {
        if (answer is null)
        {
            throw failures.Refused($"Pica's answer to page {page} is empty (JSON null).");
        }

        if (answer.Rows is null)
        {
            throw failures.Refused($"Pica's answer to page {page} has no 'rows'.");
        }
    }

    /// <summary>Page 1: possible paging, within <see cref="AuthKitOptions.MaxPages"/>, and no more rows than asked for.</summary>
    public static void First(AuthKitTokenResponse first, AuthKitOptions options, FailureTranslator failures)
    {
        if (first.Total < 0 || first.Pages < 0)
        {
            throw failures.Refused($"Pica's page 1 reports impossible paging: total {first.Total}, pages {first.Pages}.");
        }

        if (first.Pages > options.MaxPages)
        {
            throw failures.Refused(
                $"Pica's page 1 reports {first.Pages} pages, more than the {options.MaxPages} allowed (AuthKitOptions.MaxPages).");
        }

        var possible = Math.Max(1, (first.Total + (long)options.PageSize - 1) / options.PageSize);
        if (first.Pages > possible)
        {
            throw failures.Refused(
                $"Pica's page 1 reports {first.Pages} pages for {first.Total} connections at {options.PageSize} per page; at most {possible} are possible.");
        }

        RowCount(first, 1, options, failures);
    }

    /// <summary>A later page: the page asked for, and no more rows than asked for.</summary>
    public static void Later(AuthKitTokenResponse answer, int page, AuthKitOptions options, FailureTranslator failures)
    {
        if (answer.Page != page)
        {
            throw failures.Refused($"Pica answered page {answer.Page} when asked for page {page}.");
        }

        RowCount(answer, page, options, failures);
    }

    /// <summary>
    /// A page asked for alone: possible paging within <see cref="AuthKitOptions.MaxPages"/>, the page asked
    /// for, and no more rows than <paramref name="limit"/>.
    /// </summary>
    public static void Single(AuthKitTokenResponse answer, int page, int limit, AuthKitOptions options, FailureTranslator failures)
    {
        if (answer.Total < 0 || answer.Pages < 0)
        {
            throw failures.Refused($"Pica's page {page} reports impossible paging: total {answer.Total}, pages {answer.Pages}.");
        }

        if (answer.Pages > options.MaxPages)
        {
            throw failures.Refused(
                $"Pica's page {page} reports {answer.Pages} pages, more than the {options.MaxPages} allowed (AuthKitOptions.MaxPages).");
        }

        if (answer.Page != page)
        {
            throw failures.Refused($"Pica answered page {answer.Page} when asked for page {page}.");
        }

        if (answer.Rows.Count > limit)
        {
            throw failures.Refused($"Pica's page {page} holds {answer.Rows.Count} connections, more than the {limit} asked for.");
        }
    }

    private static void RowCount(AuthKitTokenResponse answer, int page, AuthKitOptions options, FailureTranslator failures)
    {
        if (answer.Rows.Count > options.PageSize)
        {
            throw failures.Refused(
                $"Pica's page {page} holds {answer.Rows.Count} connections, more than the {options.PageSize} asked for.");
        }
    }
}
