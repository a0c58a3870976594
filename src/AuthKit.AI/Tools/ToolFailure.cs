using System.Net;

namespace AuthKit.Tools;

/// <summary>
/// What a model is told when a call fails. The SDK's own messages name the argument and the rule and are
/// already cleaned (no key, no query, no secret); a server's body never goes back to the model, only its status.
/// </summary>
internal static class ToolFailure
{
    public static string Describe(Exception failure) => failure switch
    {
        ToolRefusal refusal => refusal.Message,
        PicaConnectionRefusedException => "connection_key is not one of this user's connections; call list_connections and use a key exactly as it returns it. Nothing was sent.",
        ArgumentException argument => Bound("Refused, nothing was sent: " + WithoutParameter(argument)),
        AuthKitApiException api => Status(api.StatusCode),
        AuthKitException sdk => Bound("The platform call failed: " + sdk.Message),
        OperationCanceledException => "The platform did not answer in time; try again later.",
        _ => "The tool failed unexpectedly; try again later.",
    };

    private static string Status(HttpStatusCode status) => (int)status switch
    {
        401 or 403 => $"The platform refused the app's credentials ({(int)status}); this is not something the model can fix.",
        404 => "The platform does not know this item (404).",
        429 => "The platform is rate limiting (429); wait before trying again.",
        >= 500 => $"The platform failed ({(int)status}); try again later.",
        _ => $"The platform refused the request ({(int)status}).",
    };

    // ArgumentException appends " (Parameter 'x')": the model knows the tool's names, not the SDK's.
    private static string WithoutParameter(ArgumentException argument)
    {
        var message = argument.Message;
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }

    private static string Bound(string message) => message.Length <= 600 ? message : message[..600] + "…";
}
