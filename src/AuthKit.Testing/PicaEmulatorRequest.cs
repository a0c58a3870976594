using System.Net;

namespace AuthKit.Testing;

/// <summary>
/// One request the <see cref="PicaEmulator"/> received, and how it answered. The secret key itself is
/// not kept: <see cref="SecretKeyMatched"/> says whether the right one was sent.
/// </summary>
public sealed class PicaEmulatorRequest
{
    /// <summary>Position in arrival order, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>HTTP method, e.g. <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>Path without the query, e.g. <c>/v1/authkit</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The endpoint the request was for.</summary>
    public required PicaEndpoint Endpoint { get; init; }

    /// <summary>The <c>page</c> query parameter, if present and an integer.</summary>
    public int? Page { get; init; }

    /// <summary>The <c>limit</c> query parameter, if present and an integer.</summary>
    public int? Limit { get; init; }

    /// <summary>The query parameters as sent (several values of one name joined by <c>","</c>); empty for none.</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>{id}</c> of a request for <c>/v1/vault/connections/{id}</c>; <see langword="null"/> for other requests.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>Whether the platform's secret header (<c>X-Pica-Secret</c>, or <c>X-One-Secret</c> on One) was sent at all.</summary>
    public required bool HasSecretHeader { get; init; }

    /// <summary>Whether the platform's secret header held exactly the emulator's <see cref="PicaEmulator.SecretKey"/>.</summary>
    public required bool SecretKeyMatched { get; init; }

    /// <summary>The request headers except the platform's secret header, names as sent, several values joined by <c>", "</c>.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>
    /// The name of every header received, as sent and in arrival order, the secret header's included (its
    /// value is never kept): what shows which platform's header names a client used.
    /// </summary>
    public IReadOnlyList<string> HeaderNames { get; init; } = [];

    /// <summary>The request body as text; <see langword="null"/> when there was none.</summary>
    public string? Body { get; init; }

    /// <summary>The <c>identity</c> field of a JSON body, if any.</summary>
    public string? Identity { get; init; }

    /// <summary>The <c>identityType</c> field of a JSON body, if any (wire form, e.g. <c>user</c>).</summary>
    public string? IdentityType { get; init; }

    /// <summary>The status the emulator answered with.</summary>
    public required HttpStatusCode StatusCode { get; init; }

    /// <summary>
    /// The <c>requestId</c> of the page answered, when a page was answered normally: the number behind it
    /// also when <see cref="PicaEmulator.WithAnswerShape"/> sent it as a string (<c>oauth_req_</c> + the
    /// number), <c>null</c> or not at all.
    /// </summary>
    public long? RequestId { get; init; }

    /// <summary>The fault served to this request, if one was scheduled for it.</summary>
    public PicaFault? Fault { get; init; }

    /// <summary>The platform's connection key header's value (<c>x-pica-connection-key</c> or <c>x-one-connection-key</c>); <see langword="null"/> when not sent. Never printed by <see cref="ToString"/>.</summary>
    public string? ConnectionKey { get; init; }

    /// <summary>The platform's action id header's value (<c>x-pica-action-id</c> or <c>x-one-action-id</c>); <see langword="null"/> when not sent.</summary>
    public string? ActionId { get; init; }

    /// <summary>The length of the body in bytes, exactly as received (0 for none).</summary>
    public long BodyLength { get; init; }

    /// <summary>The SHA-256 of the body's exact bytes, lower-case hex (that of no bytes for none).</summary>
    public string BodySha256 { get; init; } = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Describes the request, e.g. <c>#3 POST /v1/authkit page=2 limit=100 -&gt; 200</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"#{Sequence} {Method} {Path}{(ConnectionId is null ? "" : $" (connection {ConnectionId})")}{(Page is { } p ? $" page={p}" : "")}{(Limit is { } l ? $" limit={l}" : "")} -> {(int)StatusCode}{(Fault is null ? "" : $" ({Fault})")}";
}
