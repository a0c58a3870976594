namespace AuthKit;

/// <summary>Action ids as the platforms take them.</summary>
internal static class ActionIds
{
    public const string Prefix = "conn_mod_def::";

    /// <summary>
    /// <c>a::b</c> becomes <c>conn_mod_def::a::b</c>; an id already prefixed, or without <c>::</c>, is kept
    /// (the official toolkit's rule, so both clients ask for the same id).
    /// </summary>
    public static string Normalize(string actionId) =>
        actionId.Contains("::", StringComparison.Ordinal) && !actionId.StartsWith(Prefix, StringComparison.Ordinal)
            ? Prefix + actionId
            : actionId;

    /// <summary>Why the id, once normalized, cannot be sent; <see langword="null"/> when it can.</summary>
    public static string? Problem(string actionId) => PicaPassthroughRequestExtensions.ActionIdProblem(Normalize(actionId));

    /// <summary>The normalized id, or an <see cref="ArgumentException"/> naming what is wrong (never the id).</summary>
    public static string Checked(string actionId, string paramName)
    {
        ArgumentNullException.ThrowIfNull(actionId, paramName);
        var normalized = Normalize(actionId);
        if (PicaPassthroughRequestExtensions.ActionIdProblem(normalized) is { } problem)
        {
            throw new ArgumentException($"The action id is invalid: {problem}.", paramName);
        }

        return normalized;
    }
}
