namespace AuthKit.Sample.TokenEndpoint;

/// <summary><c>POST /authkit-token</c>: the AuthKit token for the signed-in user, for the AuthKit frontend.</summary>
public static partial class TokenEndpoint
{
    /// <summary>
    /// The header that identifies the user. It stands in for your authentication: in a real app take the
    /// id from the authenticated principal, never from a header the browser controls.
    /// </summary>
    public const string UserIdHeader = "x-user-id";

    /// <summary>Creates the token for the user named by <see cref="UserIdHeader"/>.</summary>
    /// <param name="http">The request.</param>
    /// <param name="authKit">The AuthKit client registered by <c>AddAuthKit</c>.</param>
    /// <param name="loggerFactory">Where failures are logged (without the secret key: the SDK never puts it in a message).</param>
    /// <param name="cancellationToken">Aborted when the caller goes away; the calls to Pica stop too.</param>
    /// <returns>200 with the token; 401 without a user; 400 for an invalid identity; 502 when Pica fails.</returns>
    public static async Task<IResult> CreateAsync(HttpContext http, IAuthKitToken authKit, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var userId = http.Request.Headers[UserIdHeader].ToString();
        if (string.IsNullOrEmpty(userId))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in",
                detail: $"Send the signed-in user's id in the {UserIdHeader} header.");
        }

        var logger = loggerFactory.CreateLogger(typeof(TokenEndpoint).FullName!);
        try
        {
            // Returned as is: the token serializes to the JSON the AuthKit frontend expects.
            return Results.Ok(await authKit.CreateAsync(userId, IdentityType.User, cancellationToken));
        }
        catch (ArgumentException ex)
        {
            // The SDK's validation messages describe the problem without quoting the identity.
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid identity", detail: ex.Message);
        }
        catch (AuthKitApiException ex)
        {
            PicaRefused(logger, (int)ex.StatusCode, ex);
            // Only the status reaches the browser: Pica's error body is for our logs, not for users.
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Pica refused the token request",
                detail: $"Pica answered HTTP {(int)ex.StatusCode}.",
                extensions: new Dictionary<string, object?> { ["picaStatus"] = (int)ex.StatusCode });
        }
        catch (AuthKitException ex)
        {
            PicaUnavailable(logger, ex);
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Pica is unavailable",
                detail: "The AuthKit token could not be created; try again shortly.");
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Pica refused the AuthKit token request with HTTP {PicaStatus}")]
    private static partial void PicaRefused(ILogger logger, int picaStatus, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The AuthKit token could not be created")]
    private static partial void PicaUnavailable(ILogger logger, Exception exception);
}
