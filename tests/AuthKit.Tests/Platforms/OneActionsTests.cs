using AuthKit.Testing;

namespace AuthKit.Tests.Platforms;

/// <summary>The catalogue and an execution on One's dialect: the same calls as on Pica, One's header names only.</summary>
public sealed class OneActionsTests
{
    [Theory]
    [InlineData(AuthKitPlatform.Pica, "x-pica")]
    [InlineData(AuthKitPlatform.One, "x-one")]
    public async Task Search_knowledge_and_an_execution_carry_the_platforms_header_names_only(AuthKitPlatform platform, string prefix)
    {
        using var emulator = PicaEmulator.Start(new PicaEmulatorOptions { Platform = platform });
        var gmail = emulator.Connect("user_1", IdentityType.User, "gmail");
        var connections = new PicaConnections(emulator.CreateOptions());
        var catalog = new PicaCatalog(emulator.CreateOptions());
        var input = new PicaActionInput { PathVariables = new Dictionary<string, string> { ["userId"] = "me", ["messageId"] = "m1" } };

        var found = await catalog.SearchActionsAsync("gmail", "get message");
        var knowledge = await catalog.GetActionAsync(PicaEmulator.GmailGetMessageAction);
        using var result = await connections.ForIdentity("user_1", IdentityType.User).ExecuteActionAsync(gmail.Key, PicaEmulator.GmailGetMessageAction, input);

        Assert.NotEmpty(found);
        Assert.NotNull(knowledge);
        Assert.Equal(200, (int)result.StatusCode);
        var other = prefix == "x-pica" ? "x-one" : "x-pica";
        Assert.All(emulator.ReceivedRequests, r =>
        {
            Assert.True(r.SecretKeyMatched, r.ToString());
            Assert.DoesNotContain(r.HeaderNames, n => n.StartsWith(other, StringComparison.OrdinalIgnoreCase));
        });
        var call = Assert.Single(emulator.ReceivedRequests, r => r.Endpoint == PicaEndpoint.Passthrough);
        Assert.Equal((gmail.Key, PicaEmulator.GmailGetMessageAction), (call.ConnectionKey, call.ActionId));
        Assert.Contains($"{prefix}-action-id", call.HeaderNames, StringComparer.OrdinalIgnoreCase);
    }
}
