namespace AuthKit.Tests.Passthrough;

/// <summary>
/// The passthrough tests' Pica: a stand-in whose Vault holds one gmail connection of user_1 (ours) and
/// one of user_2 (theirs). The keys' own ids differ from the connections' ids: ids are logged, keys never.
/// </summary>
internal static class TwoTenants
{
    public const string Secret = "sk_test_passthrough_secret_0123456789";
    public const string ActionId = "conn_mod_def::F_JeJ_A_TKg::cc2kvVQQTiiIiLEDauy6zQ";
    public const string MineId = "22222222-2222-2222-2222-222222222222";
    public const string TheirsId = "11111111-1111-1111-1111-111111111111";
    public const string MyKey = "test::gmail::default::9f8e7d6c5b4a39281706f5e4d3c2b1a0|user_1";
    public const string TheirKey = "test::gmail::default::0a1b2c3d4e5f60718293a4b5c6d7e8f9|user_2";

    public static Task<PassthroughStandIn> StartAsync() => PassthroughStandIn.StartAsync(
        Row(MineId, MyKey, "user_1"),
        Row(TheirsId, TheirKey, "user_2"));

    /// <summary>A Vault row of a gmail connection in the test environment.</summary>
    public static string Row(string id, string key, string identity) =>
        $$"""{"id":"{{id}}","key":"{{key}}","platform":"gmail","environment":"test","identity":"{{identity}}","identityType":"user","tags":[],"active":true}""";
}
