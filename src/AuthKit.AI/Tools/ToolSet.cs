using Microsoft.Extensions.AI;

namespace AuthKit.Tools;

/// <summary>The tools one scope gives: all six, or the catalogue's three in knowledge-only mode.</summary>
internal static class ToolSet
{
    public static IReadOnlyList<AIFunction> For(ToolScope scope) => scope.KnowledgeOnly
        ? [new ListIntegrationsTool(scope), new SearchActionsTool(scope), new GetActionKnowledgeTool(scope)]
        :
        [
            new ListConnectionsTool(scope),
            new ListIntegrationsTool(scope),
            new SearchActionsTool(scope),
            new GetActionKnowledgeTool(scope),
            new ExecuteActionTool(scope),
            new PromptToConnectTool(scope),
        ];
}
