using Microsoft.Extensions.AI;

namespace AuthKit;

/// <summary>Gives one identity's connections and actions to an AI model as <see cref="AIFunction"/>s.</summary>
public static class PicaAIToolExtensions
{
    /// <summary>
    /// The identity's tools: <c>list_connections</c>, <c>list_integrations</c>, <c>search_actions</c>,
    /// <c>get_action_knowledge</c>, <c>execute_action</c> and <c>prompt_to_connect</c> (<see cref="PicaToolNames"/>;
    /// only the catalogue's three with <see cref="PicaToolOptions.KnowledgeOnly"/>). The model is treated as an
    /// untrusted caller: a connection key is used only when it is one of this identity's connections within
    /// <see cref="PicaToolOptions.Connectors"/> (checked against the identity's own listing, so another tenant's
    /// key never reaches the platform), an action only when <see cref="PicaToolOptions.Actions"/> and
    /// <see cref="PicaToolOptions.Permissions"/> allow it, and its inputs are checked as
    /// <see cref="IPicaIdentityConnections.ExecuteActionAsync"/> checks them. Results are compact JSON bounded by
    /// <see cref="PicaToolOptions.MaxResultLength"/>, never hold the secret key, and a refusal or a platform
    /// failure comes back as a result with an <c>error</c> message rather than an exception, so a chat loop goes on.
    /// The tools are thread-safe; make them per identity (per user, per chat), they are cheap.
    /// </summary>
    /// <param name="connections">The identity's connections (<see cref="IPicaConnections.ForIdentity"/>).</param>
    /// <param name="options">What the tools may do; <see langword="null"/> for the defaults (all of the identity's connections, read only).</param>
    /// <returns>The tools, for <see cref="ChatOptions.Tools"/> or an MCP server.</returns>
    /// <exception cref="ArgumentException">An option is invalid (an empty or malformed connector or action id, a result bound under 1,024).</exception>
    public static IReadOnlyList<AIFunction> CreateAITools(this IPicaIdentityConnections connections, PicaToolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var scope = Tools.ToolScope.Create(connections, options ?? new PicaToolOptions());
        return Tools.ToolSet.For(scope);
    }
}
