namespace AuthKit;

/// <summary>
/// The token the caller gets from its pages and the white-label flag. As the Node SDK: rows in page
/// order, <c>page</c> and <c>pages</c> 1, <c>total</c> from page 1, <c>requestId</c> from the last page.
/// </summary>
internal static class TokenMerge
{
    public static AuthKitTokenResponse Merge(AuthKitTokenResponse first, AuthKitTokenResponse[] rest, bool isWhiteLabel)
    {
        if (rest.Length == 0)
        {
            // One page is the token as Pica sent it, unknown fields included, with the flag.
            return new AuthKitTokenResponse
            {
                Rows = first.Rows,
                Total = first.Total,
                Pages = first.Pages,
                Page = first.Page,
                RequestId = first.RequestId,
                IsWhiteLabel = isWhiteLabel,
                AdditionalProperties = first.AdditionalProperties,
            };
        }

        var count = first.Rows.Count;
        foreach (var page in rest)
        {
            count += page.Rows.Count;
        }

        var rows = new List<AuthKitConnection>(count);
        rows.AddRange(first.Rows);
        foreach (var page in rest)
        {
            rows.AddRange(page.Rows);
        }

        return new AuthKitTokenResponse
        {
            Rows = rows,
            Total = first.Total,
            Pages = 1,
            Page = 1,
            RequestId = rest[^1].RequestId,
            IsWhiteLabel = isWhiteLabel,
        };
    }
}
