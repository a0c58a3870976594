using AuthKit;

// Creates one AuthKit token and prints a one-line summary (never the key).
//   PICA_SECRET_KEY=sk_test_… [PICA_BASE_URL=https://api.picaos.com] ./AuthKit.Sample.Aot [identity] [identityType]
// The key comes from the environment only: command lines are visible to every user of the machine.
// Exit codes: 0 token created, 1 Pica refused or failed, 2 bad settings or arguments (one line on stderr).
const int BadInput = 2;

var secretKey = Environment.GetEnvironmentVariable("PICA_SECRET_KEY");
if (string.IsNullOrEmpty(secretKey))
{
    return Fail(BadInput, "PICA_SECRET_KEY is not set: set it to your Pica secret key (sk_live_… or sk_test_…).");
}

var options = new AuthKitOptions { SecretKey = secretKey };
if (Environment.GetEnvironmentVariable("PICA_BASE_URL") is { Length: > 0 } baseUrl)
{
    if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var url))
    {
        return Fail(BadInput, "PICA_BASE_URL is not an absolute URL (e.g. https://api.picaos.com).");
    }

    options.BaseUrl = url;
}

var identity = args.Length > 0 ? args[0] : "user_123";
var identityType = IdentityType.User;
if (args.Length > 1 && !Enum.TryParse(args[1], ignoreCase: true, out identityType))
{
    return Fail(BadInput, $"The identity type must be user, team, organization or project, not '{args[1]}'.");
}

AuthKitToken authKit;
try
{
    authKit = new AuthKitToken(options);
}
catch (ArgumentException ex)
{
    // The messages name what is wrong (a line break at index 40, say) and never quote the key.
    return Fail(BadInput, $"PICA_SECRET_KEY or PICA_BASE_URL is not usable: {Reason(ex)}");
}

try
{
    var token = await authKit.CreateAsync(identity, identityType);
    Console.WriteLine($"AuthKit token for {identityType} '{identity}': {token.Rows.Count} connection(s), total {token.Total}, white-label {token.IsWhiteLabel}, request {token.RequestId}");
    return 0;
}
catch (ArgumentException ex)
{
    return Fail(BadInput, $"The identity is not usable: {Reason(ex)}");
}
catch (AuthKitException ex)
{
    return Fail(1, $"Creating the AuthKit token failed: {ex.Message}");
}

// The SDK's message without the "(Parameter 'options')" a developer needs and a terminal user does not.
static string Reason(ArgumentException ex) =>
    ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);

// One line on stderr, no stack trace: what a script or a person reading a terminal can act on.
static int Fail(int exitCode, string message)
{
    Console.Error.WriteLine("AuthKit.Sample.Aot: " + message.ReplaceLineEndings(" "));
    return exitCode;
}
