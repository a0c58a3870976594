namespace AuthKit;

/// <summary>
/// What the agent tools of one identity may do (<see cref="PicaAIToolExtensions.CreateAITools"/>). The
/// identity itself is the view's (<see cref="IPicaConnections.ForIdentity"/>): nothing here can widen it.
/// Every list is checked on each call, whatever the model sends.
/// </summary>
public sealed class PicaToolOptions
{
    /// <summary>
    /// The connections the tools may list and execute through: platform names (<c>gmail</c>) or connection
    /// keys, or <c>*</c> for all of the identity's. <see langword="null"/> or empty: all of the identity's.
    /// </summary>
    public IList<string>? Connectors { get; set; }

    /// <summary>
    /// The action ids (<c>conn_mod_def::…</c>) the tools may search, read and execute, or <c>*</c> for all.
    /// <see langword="null"/> or empty: all, within <see cref="Permissions"/>.
    /// </summary>
    public IList<string>? Actions { get; set; }

    /// <summary>Which methods may be executed; <see cref="PicaToolPermissions.Read"/> unless set.</summary>
    public PicaToolPermissions Permissions { get; set; } = PicaToolPermissions.Read;

    /// <summary>
    /// Only the catalogue tools (<c>list_integrations</c>, <c>search_actions</c>, <c>get_action_knowledge</c>):
    /// no connection is listed and nothing is executed.
    /// </summary>
    public bool KnowledgeOnly { get; set; }

    /// <summary><c>list_integrations</c> lists only the integrations enabled for AuthKit, those the connect window offers.</summary>
    public bool AuthKitIntegrationsOnly { get; set; }

    /// <summary>The longest tool result, in characters of JSON; a longer one is cut and marked <c>"truncated": true</c>. 16,384 unless set; at least 1,024.</summary>
    public int MaxResultLength { get; set; } = 16_384;
}
