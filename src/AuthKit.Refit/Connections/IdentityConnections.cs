namespace AuthKit;

/// <summary>
/// One identity's view of the connections (<see cref="PicaConnections.ForIdentity"/>). The owner of a
/// connection is what Pica reports in its <c>identity</c> and <c>identityType</c> fields, read by a
/// <c>GET</c> of that id before any <c>PATCH</c> or <c>DELETE</c>: never the key's suffix, never what the
/// caller says. Ids are Pica's own and never change owner, so the check stands until the request is sent.
/// </summary>
internal sealed class IdentityConnections(PicaConnections connections, string identity, IdentityType identityType) : IPicaIdentityConnections
{
    private readonly string _wireType = LenientIdentityTypeConverter.WireName(identityType)!;

    public string Identity => identity;

    public IdentityType IdentityType => identityType;

    public IPicaCatalog Catalog => connections.Catalog;

    public IAsyncEnumerable<PicaConnection> ListAsync(PicaConnectionQuery? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new PicaConnectionQuery();
        ConnectionArguments.Query(filter, nameof(filter));
        if (filter.Identity is { } other && !string.Equals(other, identity, StringComparison.Ordinal))
        {
            throw new ArgumentException("The filter names another identity than this view's; leave PicaConnectionQuery.Identity unset.", nameof(filter));
        }

        if (filter.IdentityType is { } otherType && otherType != identityType)
        {
            throw new ArgumentException($"The filter names identity type {otherType}, this view is for {identityType}; leave PicaConnectionQuery.IdentityType unset.", nameof(filter));
        }

        var query = VaultQuery.From(filter) with { Identity = identity, IdentityType = _wireType };
        return connections.ListCoreAsync(query, IsTheirs, cancellationToken);
    }

    public Task<PicaConnection?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ConnectionArguments.Id(id);
        return connections.RunAsync(ConnectionsTelemetry.Get, scoped: true, token => GetTheirsAsync(id, ConnectionsTelemetry.Get, token), cancellationToken);
    }

    public Task<PicaConnection?> FindAsync(string platform, CancellationToken cancellationToken = default)
    {
        ConnectionArguments.Platform(platform, "The platform", nameof(platform));
        return FindCoreAsync(platform, cancellationToken);
    }

    public Task<PicaConnection?> UpdateTagsAsync(string id, IEnumerable<string> tags, CancellationToken cancellationToken = default)
    {
        ConnectionArguments.Id(id);
        var set = ConnectionArguments.Tags(tags, "tags", nameof(tags));
        return connections.RunAsync(ConnectionsTelemetry.UpdateTags, scoped: true, async token =>
        {
            if (await GetTheirsAsync(id, ConnectionsTelemetry.UpdateTags, token).ConfigureAwait(false) is null)
            {
                return null;
            }

            var updated = await connections.PatchRawAsync(id, set, token).ConfigureAwait(false);
            return updated is not null && IsTheirs(updated) ? updated : null;
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ConnectionArguments.Id(id);
        return connections.RunAsync(ConnectionsTelemetry.Delete, scoped: true, async token =>
            await GetTheirsAsync(id, ConnectionsTelemetry.Delete, token).ConfigureAwait(false) is not null
            && await connections.DeleteRawAsync(id, token).ConfigureAwait(false), cancellationToken);
    }

    public async Task<HttpClient> CreatePassthroughClientAsync(string connectionKey, string actionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionKey);
        ArgumentNullException.ThrowIfNull(actionId);
        PicaConnectionKey key;
        try
        {
            key = PicaConnectionKey.Parse(connectionKey);
        }
        catch (FormatException format)
        {
            // The message names the part that is wrong, never the key.
            throw new ArgumentException(format.Message, nameof(connectionKey), format);
        }

        if (PicaPassthroughRequestExtensions.ActionIdProblem(actionId) is { } problem)
        {
            throw new ArgumentException($"The action id is invalid: {problem}.", nameof(actionId));
        }

        var options = connections.Options;
        var platform = options.Redactor.Clean(key.Platform);
        var environment = options.Current.SecretKey.StartsWith("sk_live_", StringComparison.Ordinal) ? "live" : "test";
        if (!string.Equals(key.Environment, environment, StringComparison.Ordinal))
        {
            var message = $"The connection key is of the {key.Environment} environment and the secret key of the {environment} one: " +
                "Pica keeps the two apart, so the key was refused and nothing was sent.";
            AuthKitLog.PassthroughRefused(connections.Logger, platform, message);
            throw new ArgumentException(message, nameof(connectionKey));
        }

        if (connections.IsConfirmed(identity, identityType, key.Value))
        {
            AuthKitLog.PassthroughConfirmed(connections.Logger, platform, "reused");
            return connections.CreatePassthroughClient(key, actionId);
        }

        // The listing sends the identity and the key, and checks every row's owner again on arrival.
        var found = false;
        var listing = ListAsync(new PicaConnectionQuery { Keys = [key.Value] }, cancellationToken);
        await foreach (var connection in listing.ConfigureAwait(false))
        {
            if (string.Equals(connection.Key, key.Value, StringComparison.Ordinal))
            {
                found = true;
                break;
            }
        }

        if (!found)
        {
            var message = $"No connection of this identity has that connection key (platform {platform}): it is unknown, deleted or another identity's. " +
                "Nothing was sent to the passthrough.";
            AuthKitLog.PassthroughRefused(connections.Logger, platform, message);
            throw new PicaConnectionRefusedException(message);
        }

        connections.Confirmed(identity, identityType, key.Value);
        AuthKitLog.PassthroughConfirmed(connections.Logger, platform, "vault");
        return connections.CreatePassthroughClient(key, actionId);
    }

    public async Task<PicaActionResult> ExecuteActionAsync(string connectionKey, string actionId, PicaActionInput? input = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionKey);
        var id = ActionIds.Checked(actionId, nameof(actionId));
        input ??= new PicaActionInput();
        ActionRequest.CheckInput(input, nameof(input));

        // The key first: a key that is not the identity's costs no knowledge request and reaches no passthrough.
        var client = await CreatePassthroughClientAsync(connectionKey, id, cancellationToken).ConfigureAwait(false);
        try
        {
            var knowledge = await connections.Catalog.GetActionAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new AuthKitException("The platform has no action with this id; nothing was sent to the passthrough.");
            using var request = ActionRequest.Build(client.BaseAddress!, knowledge, input, connectionKey, nameof(input));
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return await ActionResultReader.ReadAsync(response, client, connections.Options.Current.MaxActionResultBytes, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public override string ToString() => $"IPicaIdentityConnections ({_wireType})";

    private async Task<PicaConnection?> FindCoreAsync(string platform, CancellationToken cancellationToken)
    {
        // The listing checks every row's owner and platform again: a server that ignored a filter
        // cannot hand another identity's connection, or another platform's, to the caller.
        var listing = ListAsync(new PicaConnectionQuery { Platform = platform, Active = true }, cancellationToken);
        await foreach (var connection in listing.ConfigureAwait(false))
        {
            if (connection.Active && string.Equals(connection.Platform, platform, StringComparison.Ordinal))
            {
                return connection;
            }
        }

        return null;
    }

    private async Task<PicaConnection?> GetTheirsAsync(string id, string operation, CancellationToken cancellationToken)
    {
        var connection = await connections.GetRawAsync(id, cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return null;
        }

        if (!IsTheirs(connection))
        {
            AuthKitLog.ConnectionOwnershipRefused(connections.Logger, id, operation);
            return null;
        }

        return connection;
    }

    private bool IsTheirs(PicaConnection connection) => connection.IsOwnedBy(identity, identityType);
}
