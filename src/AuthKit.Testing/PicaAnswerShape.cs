namespace AuthKit.Testing;

/// <summary>
/// How the <see cref="PicaEmulator"/> shapes its successful answers (<see cref="PicaEmulator.WithAnswerShape"/>):
/// the variants Pica's docs and its successor platform's spec allow, which the official Node SDK passes to
/// the frontend untouched. Combine them freely, except that at most one of <see cref="NullRequestId"/>,
/// <see cref="StringRequestId"/> and <see cref="OmittedRequestId"/> can be set.
/// </summary>
[Flags]
public enum PicaAnswerShape
{
    /// <summary>Today's answers: number ids and request ids, every row field present (<c>null</c> where empty), flags with all their fields.</summary>
    Default = 0,

    /// <summary>Each row's <c>id</c> is the string <c>"conn_plf_"</c> + its number, <c>connectionDefId</c> <c>"conn_def_"</c> + its number.</summary>
    StringIds = 1,

    /// <summary>Each page's <c>requestId</c> is <c>null</c>.</summary>
    NullRequestId = 2,

    /// <summary>Each page's <c>requestId</c> is the string <c>"oauth_req_"</c> + its number.</summary>
    StringRequestId = 4,

    /// <summary>Each page leaves <c>requestId</c> out.</summary>
    OmittedRequestId = 8,

    /// <summary>
    /// Rows leave out the nullable fields that are <c>null</c> (<c>activatedAt</c>, <c>secretId</c>,
    /// <c>clientSecretDisplay</c>, <c>clientIdDisplay</c>, <c>scopes</c>, <c>guide</c>) instead of sending <c>null</c>.
    /// </summary>
    OmittedNullableFields = 16,

    /// <summary>Each row carries a field this SDK does not know: <c>useDefaultOauthCreds</c>, <c>true</c> for even ids.</summary>
    ExtraFields = 32,

    /// <summary>
    /// The flags answer carries only <c>earlyAccess</c>, holding an object, a number and <c>null</c>
    /// (<c>[{"feature":"authkit-v2","enabled":true},7,null]</c>), plus <c>authkitWhitelist: true</c> when
    /// white-labelled: a missing flag means <see langword="false"/>.
    /// </summary>
    OddFlags = 64,

    /// <summary>
    /// Passthrough answers (echo and scripted) carry the integration's headers renamed
    /// <c>x-pica-passthrough-&lt;name&gt;</c>, as the older server sent them, instead of <c>&lt;name&gt;</c>.
    /// </summary>
    RenamedPassthroughHeaders = 128,

    /// <summary>
    /// The action catalogue's lists (<c>available-connectors</c>, <c>available-actions/{platform}</c> and
    /// <c>knowledge</c>) are bare arrays instead of the <c>{rows, total, pages, page}</c> envelope.
    /// </summary>
    BareCatalogLists = 256,
}
