namespace AuthKit.Mcp.Tool;

/// <summary>What <c>authkit-mcp --help</c> prints: every setting, as an environment variable.</summary>
internal static class ToolUsage
{
    public const string Text = """
        authkit-mcp: an MCP server on stdio serving one identity's Pica or One connections and actions as tools
        (list_connections, list_integrations, search_actions, get_action_knowledge, execute_action, prompt_to_connect).
        Start it from an MCP host (Claude Desktop, Cursor, VS Code…) with its settings in the environment
        (or as --AuthKit:Mcp:Identity=… arguments):

          AuthKit__SecretKey                       required: your secret key (sk_live_… or sk_test_…)
          AuthKit__Mcp__Identity                   required: the identity whose connections the tools serve
          AuthKit__Mcp__IdentityType               user (default), team, organization or project
          AuthKit__Platform                        Pica (default) or One
          AuthKit__BaseUrl                         the platform's API (default: the platform's own; an emulator's URL for tests)
          AuthKit__Mcp__Tools__Permissions         read (default: GET only), write (adds POST, PUT, PATCH) or admin (adds DELETE)
          AuthKit__Mcp__Tools__Connectors          comma-separated platforms or connection keys the tools may use (default: all the identity's)
          AuthKit__Mcp__Tools__Actions             comma-separated action ids the tools may search, read and execute (default: all)
          AuthKit__Mcp__Tools__KnowledgeOnly       true: only list_integrations, search_actions and get_action_knowledge
          AuthKit__Mcp__Tools__AuthKitIntegrationsOnly  true: list_integrations lists only those the AuthKit window offers
          AuthKit__Mcp__Tools__MaxResultLength     longest tool result in characters (default 16384, at least 1024)
          Logging__LogLevel__Default               Information unless set; every log line goes to stderr

        stdout carries the MCP protocol only. A missing or invalid setting stops it at start with exit code 2.

        """;
}
