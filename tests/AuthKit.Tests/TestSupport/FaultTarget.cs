namespace AuthKit.Tests.TestSupport;

/// <summary>Which call of a token a fault is injected into.</summary>
public enum FaultTarget
{
    /// <summary>Page 1, which decides how many pages follow.</summary>
    FirstPage,

    /// <summary>Page 3 of 5, fetched in the sliding window after page 1.</summary>
    LaterPage,

    /// <summary>The white-label flags call, which runs alongside page 1.</summary>
    Flags,
}
