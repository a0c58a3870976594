using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuthKit.Testing;

namespace AuthKit.Tests.Actions;

/// <summary>
/// Executing an action over the emulator: one request in steady state, path variables that stay one
/// segment, headers and keys that cannot leave the identity's connection, and bodies that arrive as
/// written. Every claim is read from the emulator's request log or its passthrough echo.
/// </summary>
public sealed class ExecuteActionTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start();
    private readonly PicaConnection _gmail;
    private readonly PicaConnections _connections;

    public ExecuteActionTests()
    {
        _gmail = _pica.Connect("user_1", IdentityType.User, "gmail");
        _connections = new PicaConnections(_pica.CreateOptions());
    }

    public void Dispose() => _pica.Dispose();

    private IPicaIdentityConnections Mine => _connections.ForIdentity("user_1", IdentityType.User);

    private static PicaActionInput Message(string messageId) =>
        new() { PathVariables = new Dictionary<string, string> { ["userId"] = "me", ["messageId"] = messageId } };

    [Fact]
    public async Task In_steady_state_an_execution_is_one_request_with_the_filled_path()
    {
        using (await Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailGetMessageAction, Message("first")))
        {
        }

        Assert.Equal(
            [PicaEndpoint.VaultList, PicaEndpoint.Knowledge, PicaEndpoint.Passthrough],
            _pica.ReceivedRequests.Select(r => r.Endpoint));
        _pica.ClearReceivedRequests();

        using var result = await Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailGetMessageAction, Message("a b"));

        var sent = Assert.Single(_pica.ReceivedRequests);
        Assert.Equal(
            (PicaEndpoint.Passthrough, "GET", _gmail.Key, PicaEmulator.GmailGetMessageAction),
            (sent.Endpoint, sent.Method, sent.ConnectionKey, sent.ActionId));
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("gmail/v1/users/me/messages/a%20b", result.Json!["path"]!.GetValue<string>());
        Assert.Equal("true", Assert.Single(result.Headers["x-emulator-echo"]));
    }

    [Fact]
    public async Task Query_values_are_escaped()
    {
        var input = new PicaActionInput
        {
            PathVariables = new Dictionary<string, string> { ["userId"] = "me" },
            Query = new Dictionary<string, string> { ["q"] = "from:a&b=c d", ["maxResults"] = "5" },
        };

        using var result = await Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailListMessagesAction, input);

        Assert.Equal("q=from%3Aa%26b%3Dc%20d&maxResults=5", result.Json!["query"]!.GetValue<string>());
        var sent = Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal(("from:a&b=c d", "5"), (sent.Query["q"], sent.Query["maxResults"]));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("../../vault/connections")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public async Task A_path_variable_that_would_leave_its_segment_is_refused_and_nothing_is_sent(string value)
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(
            () => Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailGetMessageAction, Message(value)));

        Assert.Contains("'messageId'", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task A_missing_path_variable_is_named_and_nothing_reaches_the_passthrough()
    {
        using (await Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailGetMessageAction, Message("warm")))
        {
        }

        _pica.ClearReceivedRequests();
        var input = new PicaActionInput { PathVariables = new Dictionary<string, string> { ["userId"] = "me" } };

        var refused = await Assert.ThrowsAsync<ArgumentException>(
            () => Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailGetMessageAction, input));

        Assert.Contains("'messageId'", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Theory]
    [InlineData("X-Pica-Secret")]
    [InlineData("x-pica-connection-key")]
    [InlineData("X-PICA-ACTION-ID")]
    [InlineData("X-One-Secret")]
    [InlineData("x-one-connection-key")]
    [InlineData("x-one-action-id")]
    [InlineData("Host")]
    public async Task A_header_naming_a_key_the_action_id_or_host_is_refused_and_nothing_is_sent(string name)
    {
        var theirs = _pica.Connect("user_2", IdentityType.User, "gmail");
        var input = new PicaActionInput
        {
            PathVariables = new Dictionary<string, string> { ["userId"] = "me", ["messageId"] = "m1" },
            Headers = new Dictionary<string, string> { [name] = theirs.Key },
        };

        var refused = await Assert.ThrowsAsync<ArgumentException>(
            () => Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailGetMessageAction, input));

        Assert.DoesNotContain(theirs.Key, refused.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.ReceivedRequests);
    }

    [Fact]
    public async Task Another_identitys_connection_key_is_refused_and_nothing_reaches_the_passthrough()
    {
        var theirs = _pica.Connect("user_2", IdentityType.User, "gmail");

        await Assert.ThrowsAsync<PicaConnectionRefusedException>(
            () => Mine.ExecuteActionAsync(theirs.Key, PicaEmulator.GmailGetMessageAction, Message("m1")));

        Assert.DoesNotContain(_pica.ReceivedRequests, r => r.Endpoint is PicaEndpoint.Passthrough or PicaEndpoint.Knowledge);
    }

    [Fact]
    public async Task A_json_body_arrives_as_written()
    {
        var json = new JsonObject { ["raw"] = "U3ViamVjdDogaGk=", ["labels"] = new JsonArray("INBOX", "ü") };
        var input = new PicaActionInput { PathVariables = new Dictionary<string, string> { ["userId"] = "me" }, Json = json };

        using var result = await Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailSendEmailAction, input);

        Assert.Equal(Sha256(json.ToJsonString()), result.Json!["bodySha256"]!.GetValue<string>());
        Assert.Equal("application/json", result.Json["contentType"]!.GetValue<string>());
        var sent = Assert.Single(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal(("POST", "/v1/passthrough/gmail/v1/users/me/messages/send"), (sent.Method, sent.Path));
    }

    [Fact]
    public async Task A_form_body_arrives_urlencoded()
    {
        var slack = _pica.Connect("user_1", IdentityType.User, "slack");
        var input = new PicaActionInput { Form = [new("channel", "C1"), new("text", "hello world & more")] };

        using var result = await Mine.ExecuteActionAsync(slack.Key, PicaEmulator.SlackPostMessageAction, input);

        Assert.Equal(Sha256("channel=C1&text=hello+world+%26+more"), result.Json!["bodySha256"]!.GetValue<string>());
        Assert.Equal("application/x-www-form-urlencoded", result.Json["contentType"]!.GetValue<string>());
        Assert.Equal("api/chat.postMessage", result.Json["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_multipart_body_arrives_as_one_part_per_pair()
    {
        var slack = _pica.Connect("user_1", IdentityType.User, "slack");
        var input = new PicaActionInput { Multipart = [new("channels", "C1"), new("content", "line 1\nline 2"), new("filename", "a.txt")] };

        using var result = await Mine.ExecuteActionAsync(slack.Key, PicaEmulator.SlackUploadFileAction, input);

        var contentType = MediaTypeHeaderValue.Parse(result.Json!["contentType"]!.GetValue<string>());
        Assert.Equal("multipart/form-data", contentType.MediaType);
        var boundary = contentType.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var expected = new StringBuilder();
        foreach (var (name, value) in input.Multipart)
        {
            expected.Append($"--{boundary}\r\nContent-Disposition: form-data; name={name}\r\n\r\n{value}\r\n");
        }

        expected.Append($"--{boundary}--\r\n");
        Assert.Equal(Sha256(expected.ToString()), result.Json["bodySha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_custom_action_gets_the_connection_key_in_its_json_body()
    {
        var input = new PicaActionInput { Json = new JsonObject { ["to"] = "a@example.com" } };

        using var result = await Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailCustomSendAction, input);

        var expected = new JsonObject { ["to"] = "a@example.com", ["connectionKey"] = _gmail.Key };
        Assert.Equal(Sha256(expected.ToJsonString()), result.Json!["bodySha256"]!.GetValue<string>());
        Assert.Equal("a@example.com", input.Json["to"]!.GetValue<string>());
        Assert.False(input.Json.AsObject().ContainsKey("connectionKey"));
    }

    [Fact]
    public async Task A_body_for_a_get_action_is_refused_before_the_passthrough()
    {
        var input = Message("m1");
        input = new PicaActionInput { PathVariables = input.PathVariables, Json = new JsonObject() };

        await Assert.ThrowsAsync<ArgumentException>(() => Mine.ExecuteActionAsync(_gmail.Key, PicaEmulator.GmailGetMessageAction, input));

        Assert.DoesNotContain(_pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
    }

    private static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
