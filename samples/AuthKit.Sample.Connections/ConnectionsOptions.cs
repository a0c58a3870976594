using System.ComponentModel.DataAnnotations;

namespace AuthKit.Sample.Connections;

/// <summary>Whose connections to call, and what to call (configuration section <c>Connections</c>).</summary>
public sealed class ConnectionsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Connections";

    /// <summary>The user whose connections are listed and called. Default <c>user_123</c>, the Quickstart's.</summary>
    [Required]
    public string Identity { get; set; } = "user_123";

    /// <summary>The action id sent with every call (<c>x-pica-action-id</c>).</summary>
    [Required]
    [StringLength(512)]
    [RegularExpression("^[!-~]+$", ErrorMessage = "Connections:ActionId must be visible ASCII characters only (it is sent as a header).")]
    public string ActionId { get; set; } = "conn_mod_def::F_JeJ_A_TKg::cc2kvVQQTiiIiLEDauy6zQ";

    /// <summary>The integration's path to <c>GET</c>, relative to the passthrough. Default <c>users/me/profile</c>.</summary>
    [Required]
    public string Path { get; set; } = "users/me/profile";

    /// <summary>
    /// Whether <see cref="Path"/> stays under <c>{BaseUrl}/v1/passthrough/</c>: relative, without a leading
    /// <c>/</c> (which would resolve to the host's root) and without a <c>..</c> segment.
    /// </summary>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool PathStaysInPassthrough() =>
        Uri.TryCreate(Path, UriKind.Relative, out _)
        && !Path.StartsWith('/')
        && !Path.Split('?', '#')[0].Split('/').Contains("..");
}
