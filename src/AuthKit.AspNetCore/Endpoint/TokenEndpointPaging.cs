using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AuthKit;

/// <summary>
/// The page a token request asks for in its query (<c>?page=N&amp;limit=M</c>, as One's hosted page sends):
/// none (the whole token), or a page with an optional limit, each one positive integer. The bounds
/// (<c>MaxPages</c>, the largest limit) are the SDK's, checked by <see cref="IAuthKitToken.CreatePageAsync"/>.
/// A problem names the parameter, never quotes the value.
/// </summary>
internal readonly record struct TokenEndpointPaging(int Page, int? Limit)
{
    public const string PageParameter = "page";
    public const string LimitParameter = "limit";

    public static bool TryRead(IQueryCollection query, out TokenEndpointPaging? paging, out (string Parameter, string Detail) problem)
    {
        paging = null;
        problem = default;
        var hasPage = query.TryGetValue(PageParameter, out var pageValues);
        var hasLimit = query.TryGetValue(LimitParameter, out var limitValues);
        if (!hasPage && !hasLimit)
        {
            return true;
        }

        if (!hasPage)
        {
            problem = (PageParameter, "'limit' is given without 'page': ask for a page, e.g. ?page=1&limit=100.");
            return false;
        }

        if (!TryPositive(pageValues, out var page))
        {
            problem = (PageParameter, "'page' must be one positive integer, e.g. ?page=1.");
            return false;
        }

        int? limit = null;
        if (hasLimit)
        {
            if (!TryPositive(limitValues, out var l))
            {
                problem = (LimitParameter, "'limit' must be one positive integer, e.g. &limit=100.");
                return false;
            }

            limit = l;
        }

        paging = new TokenEndpointPaging(page, limit);
        return true;
    }

    // Digits only: no sign, no white space, no exponent; one value.
    private static bool TryPositive(Microsoft.Extensions.Primitives.StringValues values, out int value)
    {
        value = 0;
        return values.Count == 1 && values[0] is { Length: > 0 and <= 10 } text &&
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }
}
