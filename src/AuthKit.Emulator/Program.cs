using System.Globalization;
using System.Runtime.InteropServices;
using AuthKit.Emulator;
using AuthKit.Testing;

var arguments = EmulatorArguments.Parse(args, out var error, out var help);
if (help)
{
    Console.Out.Write(EmulatorArguments.Usage);
    return 0;
}

if (arguments is null)
{
    Console.Error.WriteLine($"authkit-emulator: {error} (authkit-emulator --help lists the options)");
    return 2;
}

// Ctrl+C (SIGINT) and SIGTERM (docker stop, systemd, a test) stop it cleanly, exit 0.
var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

PicaEmulator emulator;
try
{
    emulator = PicaEmulator.Start(new PicaEmulatorOptions
    {
        Platform = arguments.Platform,
        Port = arguments.Port,
        SecretKey = arguments.SecretKey,
        LatencySeed = arguments.Seed,
        RequestReceived = request => Console.Out.WriteLine(RequestLine.Format(request, arguments.SecretKey, AuthKit.AuthKitPlatformDialect.For(arguments.Platform))),
    });
}
catch (Exception ex) when (ex is not ArgumentException)
{
    // Kestrel's bind failure, under WireMock's wrapping: the innermost message says it ("address already in use").
    Console.Error.WriteLine($"authkit-emulator: cannot listen on 127.0.0.1:{arguments.Port.ToString(CultureInfo.InvariantCulture)}: {ex.GetBaseException().Message}");
    return 1;
}

using (emulator)
{
    emulator.SeedConnections(arguments.Connections, arguments.Seed)
        .SeedVaultConnections(arguments.VaultIdentity, AuthKit.IdentityType.User, arguments.Connections, arguments.Seed)
        .WithWhiteLabel(arguments.WhiteLabel)
        .WithLatency(arguments.MinLatency, arguments.MaxLatency);

    var url = emulator.Url.ToString();
    var latency = arguments.MaxLatency > TimeSpan.Zero
        ? $"latency {arguments.MinLatency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}-{arguments.MaxLatency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms"
        : "no latency";
    var dialect = emulator.Dialect;
    Console.Out.WriteLine($"authkit-emulator: {dialect.Name}'s AuthKit API on {url} ({arguments.Connections.ToString(CultureInfo.InvariantCulture)} fake integrations in each token, seed {arguments.Seed.ToString(CultureInfo.InvariantCulture)}, white-label {(arguments.WhiteLabel ? "on" : "off")}, {latency})");
    Console.Out.WriteLine("Configure your app with (the emulator's own test key; any other key gets 401):");
    if (dialect.Platform != AuthKit.AuthKitPlatform.Pica)
    {
        Console.Out.WriteLine($"  AuthKit__Platform={dialect.Name}");
    }

    Console.Out.WriteLine($"  AuthKit__BaseUrl={url}");
    Console.Out.WriteLine($"  AuthKit__SecretKey={arguments.SecretKey}");
    Console.Out.WriteLine($"  (the Native AOT samples: PICA_BASE_URL={url} PICA_SECRET_KEY={arguments.SecretKey})");
    // Counted from the Vault itself: about one seeded connection in ten is inactive, and the list leaves those out by default.
    var vault = emulator.VaultConnections.Where(c => c.Identity == arguments.VaultIdentity).ToList();
    var active = vault.Count(c => c.Active);
    Console.Out.WriteLine($"The Vault holds {vault.Count.ToString(CultureInfo.InvariantCulture)} connections of user {arguments.VaultIdentity}, {active.ToString(CultureInfo.InvariantCulture)} active " +
        "(GET /v1/vault/connections lists the active ones unless asked for active=false); passthrough calls through them are echoed.");
    Console.Out.WriteLine("Ctrl+C stops it. Requests:");

    await stop.Task.ConfigureAwait(false);
    Console.Out.WriteLine($"authkit-emulator: stopped after {emulator.ReceivedRequests.Count.ToString(CultureInfo.InvariantCulture)} requests.");
}

return 0;
