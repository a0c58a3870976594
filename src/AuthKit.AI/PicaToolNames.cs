namespace AuthKit;

/// <summary>The names of the tools <see cref="PicaAIToolExtensions.CreateAITools"/> gives, as a model and an MCP client see them.</summary>
public static class PicaToolNames
{
    /// <summary>Lists the identity's connections the tools may use.</summary>
    public const string ListConnections = "list_connections";

    /// <summary>Lists the integrations (platforms) that can be connected.</summary>
    public const string ListIntegrations = "list_integrations";

    /// <summary>Searches one platform's actions.</summary>
    public const string SearchActions = "search_actions";

    /// <summary>Reads actions' knowledge: what they do and how to fill them.</summary>
    public const string GetActionKnowledge = "get_action_knowledge";

    /// <summary>Executes an action through one of the identity's connections.</summary>
    public const string ExecuteAction = "execute_action";

    /// <summary>Asks the app to show the connect window for a platform the identity has not connected.</summary>
    public const string PromptToConnect = "prompt_to_connect";
}
