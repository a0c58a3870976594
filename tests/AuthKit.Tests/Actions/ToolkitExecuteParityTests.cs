using System.Text.Json.Nodes;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;
using Xunit.Abstractions;

namespace AuthKit.Tests.Actions;

/// <summary>
/// An execution against @picahq/toolkit 1.0.3's own <c>executeAction</c>, on the same emulator: the same
/// request reaches the passthrough (method, filled path, query, body, action id, connection key) for a JSON,
/// a form and a multipart action, and the requests each client sends per execution are counted and printed.
/// </summary>
public sealed class ToolkitExecuteParityTests(ITestOutputHelper output) : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();

    public void Dispose() => _pica.Dispose();

    public static TheoryData<string, string> Bodies => new()
    {
        { PicaEmulator.GmailSendEmailAction, "json" },
        { PicaEmulator.SlackPostMessageAction, "form" },
        { PicaEmulator.SlackUploadFileAction, "multipart" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task The_same_request_reaches_the_passthrough_as_from_the_toolkit(string actionId, string kind)
    {
        var platform = kind == "json" ? "gmail" : "slack";
        _pica.SeedVaultConnections("user_1", IdentityType.User, 250, seed: 26);
        var mine = _pica.Connect("user_1", IdentityType.User, platform);
        string[][] fields = [["channel", "C1"], ["text", "hello world"], ["n", "1"]];
        var action = new JsonObject
        {
            ["actionSystemId"] = actionId,
            ["connectionKey"] = mine.Key,
            ["data"] = new JsonObject(fields.Select(f => KeyValuePair.Create(f[0], (JsonNode?)JsonValue.Create(f[1])))),
            ["pathVariables"] = new JsonObject { ["userId"] = "me" },
            ["queryParams"] = new JsonObject { ["draft"] = "false" },
            ["isFormUrlEncoded"] = kind == "form",
            ["isFormData"] = kind == "multipart",
        };

        var (success, _) = await NodeToolkit.ExecuteAsync(_pica.Url, _pica.SecretKey, "user_1", "user", action);
        var toolkitRequests = _pica.ReceivedRequests.Count;
        var toolkit = Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        _pica.ClearReceivedRequests();

        var pairs = fields.Select(f => KeyValuePair.Create(f[0], f[1])).ToList();
        var input = new PicaActionInput
        {
            PathVariables = new Dictionary<string, string> { ["userId"] = "me" },
            Query = new Dictionary<string, string> { ["draft"] = "false" },
            Json = kind == "json" ? (JsonObject)action["data"]!.DeepClone() : null,
            Form = kind == "form" ? pairs : null,
            Multipart = kind == "multipart" ? pairs : null,
        };
        var identity = new PicaConnections(_pica.CreateOptions()).ForIdentity("user_1", IdentityType.User);
        using (await identity.ExecuteActionAsync(mine.Key, actionId, input))
        {
        }

        var firstRequests = _pica.ReceivedRequests.Count;
        _pica.ClearReceivedRequests();
        using (await identity.ExecuteActionAsync(mine.Key, actionId, input))
        {
        }

        var ours = Assert.Single(_pica.ReceivedRequests);
        output.WriteLine($"{kind}: requests per execution: toolkit {toolkitRequests}, SDK first call {firstRequests}, SDK steady state 1");

        Assert.True(success);
        Assert.Equal((toolkit.Method, toolkit.Path, toolkit.ActionId, toolkit.ConnectionKey), (ours.Method, ours.Path, ours.ActionId, ours.ConnectionKey));
        Assert.Equal(toolkit.Query.OrderBy(q => q.Key), ours.Query.OrderBy(q => q.Key));
        if (kind == "multipart")
        {
            Assert.Equal(Parts(toolkit), Parts(ours));
        }
        else
        {
            Assert.Equal(toolkit.BodySha256, ours.BodySha256);
        }

        Assert.True(toolkitRequests > firstRequests, $"toolkit {toolkitRequests} requests, SDK {firstRequests}");
    }

    // The parts' names and values: the boundary is each client's own.
    private static List<(string Name, string Value)> Parts(PicaEmulatorRequest request)
    {
        var boundary = request.Headers.Single(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value.Split("boundary=")[1].Trim('"');
        return request.Body!.Split("--" + boundary)
            .Select(part => part.Trim('\r', '\n'))
            .Where(part => part.Length > 0 && part != "--")
            .Select(part =>
            {
                var (head, value) = (part[..part.IndexOf("\r\n\r\n", StringComparison.Ordinal)], part[(part.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
                var name = head.Split("name=")[1].Split(';', '\r')[0].Trim('"');
                return (name, value);
            })
            .ToList();
    }
}
