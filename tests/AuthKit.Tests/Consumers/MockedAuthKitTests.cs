using System.Net;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace AuthKit.Tests.Consumers;

/// <summary>How a user tests their own code: IAuthKitToken has two members, so a mock needs nothing else.</summary>
public sealed class MockedAuthKitTests
{
    [Fact]
    public async Task A_consumer_is_tested_with_a_mocked_IAuthKitToken()
    {
        var authKit = Substitute.For<IAuthKitToken>();
        var token = new AuthKitTokenResponse
        {
            Rows = [new AuthKitConnection { Id = 1, Type = "slack", Title = "Slack", Active = true }],
            Total = 1,
            Pages = 1,
            Page = 1,
            RequestId = 77,
            IsWhiteLabel = true,
        };
        authKit.CreateAsync(Arg.Is<AuthKitTokenRequest?>(r => r!.Identity == "user_9" && r.IdentityType == IdentityType.User), Arg.Any<CancellationToken>())
            .Returns(token);
        var endpoint = new ConnectIntegrationEndpoint(authKit);

        var result = await endpoint.HandleAsync("user_9", CancellationToken.None);

        Assert.Equal((200, token), (result.Status, result.Token));
        await authKit.Received(1).CreateAsync(Arg.Any<AuthKitTokenRequest?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_consumer_maps_the_typed_errors()
    {
        var authKit = Substitute.For<IAuthKitToken>();
        authKit.CreateAsync(Arg.Any<AuthKitTokenRequest?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AuthKitApiException("Pica answered page 1 with HTTP 401", HttpStatusCode.Unauthorized, "{}"));
        var endpoint = new ConnectIntegrationEndpoint(authKit);

        var result = await endpoint.HandleAsync("user_9", CancellationToken.None);

        Assert.Equal(502, result.Status);
        Assert.Null(result.Token);
    }

    [Fact]
    public async Task The_cancellation_token_reaches_the_client()
    {
        var authKit = Substitute.For<IAuthKitToken>();
        using var cancellation = new CancellationTokenSource();
        var endpoint = new ConnectIntegrationEndpoint(authKit);

        await endpoint.HandleAsync("user_9", cancellation.Token);

        await authKit.Received(1).CreateAsync(Arg.Any<AuthKitTokenRequest?>(), cancellation.Token);
    }

    /// <summary>A consumer's class, as it would be written in an application.</summary>
    private sealed class ConnectIntegrationEndpoint(IAuthKitToken authKit)
    {
        public async Task<(int Status, AuthKitTokenResponse? Token)> HandleAsync(string userId, CancellationToken cancellationToken)
        {
            try
            {
                return (200, await authKit.CreateAsync(userId, IdentityType.User, cancellationToken));
            }
            catch (AuthKitApiException)
            {
                return (502, null);
            }
        }
    }
}
