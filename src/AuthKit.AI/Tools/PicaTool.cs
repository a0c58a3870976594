using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AuthKit.Tools;

/// <summary>
/// One tool: its name, its description and schemas as the model reads them, and its work. Every failure
/// becomes a result with an <c>error</c> (a chat loop goes on, and a model sees a reason it can act on);
/// only the caller's own cancellation ends the call with an exception.
/// </summary>
internal abstract class PicaTool : AIFunction
{
    private readonly JsonElement _schema;
    private readonly JsonElement _returnSchema;

    protected PicaTool(ToolScope scope, string name, string description, JsonElement schema, JsonElement returnSchema)
    {
        Scope = scope;
        Name = name;
        Description = description;
        _schema = schema;
        _returnSchema = returnSchema;
    }

    public override string Name { get; }

    public override string Description { get; }

    public override JsonElement JsonSchema => _schema;

    public override JsonElement? ReturnJsonSchema => _returnSchema;

    protected ToolScope Scope { get; }

    protected abstract IReadOnlyCollection<string> ArgumentNames { get; }

    protected abstract Task<ToolResult> RunAsync(ToolArguments arguments, CancellationToken cancellationToken);

    protected sealed override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        ToolResult result;
        try
        {
            var read = ToolArguments.Read(arguments, ArgumentNames);
            result = await RunAsync(read, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception failure)
        {
            result = ToolResult.Error(ToolFailure.Describe(failure));
        }

        return result.ToJson(Scope.MaxResultLength);
    }

    public override string ToString() => Name;
}
