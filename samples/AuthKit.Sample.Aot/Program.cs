using AuthKit;

// Creates one AuthKit token and prints a one-line summary (never the key).
//   PICA_SECRET_KEY=sk_test_… [PICA_BASE_URL=http://127.0.0.1:5399] ./AuthKit.Sample.Aot [identity] [identityType]
// The key comes from the environment only: command lines are visible to every user of the machine.
var secretKey = Environment.GetEnvironmentVariable("PICA_SECRET_KEY");
if (string.IsNullOrEmpty(secretKey))
{
    Console.Error.WriteLine("Set PICA_SECRET_KEY to your Pica secret key (sk_live_… or sk_test_…).");
    return 2;
}

var options = new AuthKitOptions { SecretKey = secretKey };
if (Environment.GetEnvironmentVariable("PICA_BASE_URL") is { Length: > 0 } baseUrl)
{
    options.BaseUrl = new Uri(baseUrl);
}

var identity = args.Length > 0 ? args[0] : "user_123";
var identityType = args.Length > 1 && Enum.TryParse<IdentityType>(args[1], ignoreCase: true, out var parsed) ? parsed : IdentityType.User;

try
{
    var token = await new AuthKitToken(options).CreateAsync(identity, identityType);
    Console.WriteLine($"AuthKit token for {identityType} '{identity}': {token.Rows.Count} connection(s), total {token.Total}, white-label {token.IsWhiteLabel}, request {token.RequestId}");
    return 0;
}
catch (AuthKitException ex)
{
    Console.Error.WriteLine($"Creating the AuthKit token failed: {ex.Message}");
    return 1;
}
