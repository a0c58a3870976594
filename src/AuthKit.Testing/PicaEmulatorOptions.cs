namespace AuthKit.Testing;

/// <summary>Settings of a <see cref="PicaEmulator"/>, fixed when it starts.</summary>
public sealed class PicaEmulatorOptions
{
    /// <summary>The secret key used when <see cref="SecretKey"/> is not set.</summary>
    public const string DefaultSecretKey = "sk_test_pica_emulator_0123456789abcdef";

    /// <summary>
    /// The only key the emulator accepts in <c>X-Pica-Secret</c>; any other key (or none) gets 401.
    /// Must be a valid test key, <c>sk_test_</c> followed by visible ASCII characters. Default <see cref="DefaultSecretKey"/>.
    /// </summary>
    public string SecretKey { get; set; } = DefaultSecretKey;

    /// <summary>
    /// The platform whose dialect the emulator speaks, and only that one, as the real server would
    /// (<see cref="AuthKitPlatformDialect"/>): on <see cref="AuthKitPlatform.One"/> the key goes in
    /// <c>X-One-Secret</c> (<c>X-Pica-Secret</c> gets 401), the token page is <c>POST /v1/authkit/token</c>
    /// (<c>/v1/authkit</c> gets 404), there is no flags call, <c>GET /v1/users/whoami</c> checks the key, and the
    /// passthrough reads <c>x-one-connection-key</c> and <c>x-one-action-id</c>. Default <see cref="AuthKitPlatform.Pica"/>.
    /// </summary>
    public AuthKitPlatform Platform { get; set; } = AuthKitPlatform.Pica;

    /// <summary>Port on 127.0.0.1 to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The <c>requestId</c> of the first page answered; each page answered after it gets the next number. Default 70001.</summary>
    public long FirstRequestId { get; set; } = 70001;

    /// <summary>Seed of the random draws of <see cref="PicaEmulator.WithLatency"/>, so that a run can be repeated. Default 1.</summary>
    public int LatencySeed { get; set; } = 1;

    /// <summary>
    /// Called once for every request received, with the same record <see cref="PicaEmulator.ReceivedRequests"/>
    /// gets (it never holds the key), before the answer's latency: e.g. to log each request as it comes.
    /// Called on the request's thread, possibly for several requests at once; it must not throw.
    /// Default <see langword="null"/>.
    /// </summary>
    public Action<PicaEmulatorRequest>? RequestReceived { get; set; }
}
