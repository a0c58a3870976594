using System.Text.Json.Nodes;
using AuthKit.Testing.Internal;

namespace AuthKit.Testing;

// The answer shapes (WithAnswerShape) and the error bodies of PicaFault's envelope factories.
public sealed partial class PicaEmulator
{
    private static readonly string[] NullableRowFields = ["activatedAt", "secretId", "clientSecretDisplay", "clientIdDisplay", "scopes", "guide"];

    private const PicaAnswerShape RequestIdShapes = PicaAnswerShape.NullRequestId | PicaAnswerShape.StringRequestId | PicaAnswerShape.OmittedRequestId;

    private volatile int _shape;

    /// <summary>The shape of the answers served (<see cref="WithAnswerShape"/>). Default <see cref="PicaAnswerShape.Default"/>.</summary>
    public PicaAnswerShape AnswerShape => (PicaAnswerShape)_shape;

    /// <summary>
    /// Shapes the answers that follow as <paramref name="shape"/> says: string ids, a <c>null</c>, string or
    /// absent <c>requestId</c>, rows without their <c>null</c> fields, an extra row field, odd flags, renamed passthrough headers (see
    /// <see cref="PicaAnswerShape"/>), the variants of Pica's answers the official Node SDK passes through.
    /// With <see cref="PicaAnswerShape.StringIds"/>, <see cref="Connections"/> lists the ids as served.
    /// <c>WithAnswerShape(PicaAnswerShape.Default)</c> goes back to today's answers.
    /// </summary>
    /// <param name="shape">The shapes, combined with <c>|</c>.</param>
    /// <returns>This emulator.</returns>
    /// <exception cref="ArgumentException">More than one request id shape, or an unknown value.</exception>
    public PicaEmulator WithAnswerShape(PicaAnswerShape shape)
    {
        const PicaAnswerShape All = (PicaAnswerShape)511;
        if ((shape & ~All) != 0)
        {
            throw new ArgumentException($"Unknown answer shape {(int)shape}.", nameof(shape));
        }

        if (int.PopCount((int)(shape & RequestIdShapes)) > 1)
        {
            throw new ArgumentException("At most one of NullRequestId, StringRequestId and OmittedRequestId can be set.", nameof(shape));
        }

        _shape = (int)shape;
        return this;
    }

    private static string StringId(string prefix, PicaId id) => prefix + id.ToString();

    private static IReadOnlyList<AuthKitConnection> Served(IReadOnlyList<AuthKitConnection> rows, PicaAnswerShape shape) =>
        (shape & PicaAnswerShape.StringIds) == 0
            ? rows
            : rows.Select(row => new AuthKitConnection
            {
                Id = StringId("conn_plf_", row.Id),
                ConnectionDefId = StringId("conn_def_", row.ConnectionDefId),
                Type = row.Type,
                Title = row.Title,
                Image = row.Image,
                ActivatedAt = row.ActivatedAt,
                SecretId = row.SecretId,
                ClientSecretDisplay = row.ClientSecretDisplay,
                ClientIdDisplay = row.ClientIdDisplay,
                Scopes = row.Scopes,
                Environment = row.Environment,
                Guide = row.Guide,
                CreatedAt = row.CreatedAt,
                Tags = row.Tags,
                Active = row.Active,
                AdditionalProperties = row.AdditionalProperties,
            }).ToList().AsReadOnly();

    private string ShapedPage(string page)
    {
        var shape = AnswerShape;
        if (shape is PicaAnswerShape.Default or PicaAnswerShape.OddFlags)
        {
            return page;
        }

        var root = JsonNode.Parse(page)!.AsObject();
        foreach (var row in root["rows"]!.AsArray().Select(r => r!.AsObject()))
        {
            if ((shape & PicaAnswerShape.StringIds) != 0)
            {
                row["id"] = "conn_plf_" + row["id"]!.ToJsonString();
                row["connectionDefId"] = "conn_def_" + row["connectionDefId"]!.ToJsonString();
            }

            if ((shape & PicaAnswerShape.OmittedNullableFields) != 0)
            {
                foreach (var name in NullableRowFields)
                {
                    if (row.TryGetPropertyValue(name, out var value) && value is null)
                    {
                        row.Remove(name);
                    }
                }
            }

            if ((shape & PicaAnswerShape.ExtraFields) != 0)
            {
                row["useDefaultOauthCreds"] = row["id"]!.ToJsonString().TrimEnd('"')[^1] % 2 == 0;
            }
        }

        var requestId = root["requestId"]!.ToJsonString();
        switch (shape & RequestIdShapes)
        {
            case PicaAnswerShape.NullRequestId:
                root["requestId"] = null;
                break;
            case PicaAnswerShape.StringRequestId:
                root["requestId"] = "oauth_req_" + requestId;
                break;
            case PicaAnswerShape.OmittedRequestId:
                root.Remove("requestId");
                break;
        }

        return root.ToJsonString();
    }

    private string ShapedFlags(bool whiteLabel) =>
        (AnswerShape & PicaAnswerShape.OddFlags) == 0
            ? PicaJson.Flags(whiteLabel)
            : whiteLabel
                ? """{"earlyAccess":[{"feature":"authkit-v2","enabled":true},7,null],"authkitWhitelist":true}"""
                : """{"earlyAccess":[{"feature":"authkit-v2","enabled":true},7,null]}""";

    private static Answer ErrorAnswer(PicaFault fault) =>
        new(fault.StatusCode, fault.ErrorBody, fault, fault.RetryAfter)
        {
            ContentType = fault.ErrorContentType,
            Headers = fault.ErrorHeaders,
        };
}
