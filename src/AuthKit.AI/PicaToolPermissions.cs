namespace AuthKit;

/// <summary>
/// Which HTTP methods the agent tools may execute (<see cref="PicaToolOptions.Permissions"/>). Each level
/// includes the one before it: an agent allowed to change data may also read it, and only
/// <see cref="Admin"/> may delete.
/// </summary>
public enum PicaToolPermissions
{
    /// <summary><c>GET</c> (and <c>HEAD</c>) actions only. The default.</summary>
    Read,

    /// <summary><see cref="Read"/>, and <c>POST</c>, <c>PUT</c> and <c>PATCH</c> actions.</summary>
    Write,

    /// <summary><see cref="Write"/>, and <c>DELETE</c> and any other method.</summary>
    Admin,
}
