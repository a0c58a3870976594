using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Emulator.Tests;

/// <summary>
/// <c>authkit-emulator</c> as a user runs it: a process whose first lines say what to configure, that
/// serves the SDK the same connections as the in-process <see cref="PicaEmulator"/> (it is that code),
/// logs every request in one line without the key, refuses another key, and stops on a signal.
/// </summary>
public sealed class EmulatorToolTests
{
    private const string Key = "sk_test_emulator_tool_tests";

    [Fact]
    public async Task Its_first_lines_say_the_url_and_key_and_the_SDK_gets_a_token_from_them()
    {
        await using var tool = await EmulatorProcess.StartAsync(EmulatorTool.DllPath,
            "--port", "0", "--secret-key", Key, "--connections", "150", "--seed", "3", "--white-label");
        var authKit = new AuthKitToken(new AuthKitOptions { BaseUrl = tool.BaseUrl, SecretKey = tool.SecretKey, WhiteLabelCacheDuration = TimeSpan.Zero });

        var token = await authKit.CreateAsync("user_123", IdentityType.User);

        Assert.Equal(Key, tool.SecretKey);
        Assert.Equal("127.0.0.1", tool.BaseUrl.Host);
        Assert.NotEqual(0, tool.BaseUrl.Port);
        Assert.StartsWith("authkit-emulator: Pica's AuthKit API on " + tool.BaseUrl, tool.Banner[0], StringComparison.Ordinal);
        using var same = PicaEmulator.Start().SeedConnections(150, seed: 3);
        Assert.Equal(same.Connections.Select(c => c.Id), token.Rows.Select(r => r.Id));
        Assert.Equal(150, token.Total);
        Assert.True(token.IsWhiteLabel);
    }

    [Fact]
    public async Task With_platform_one_it_speaks_Ones_dialect_and_says_so_and_Picas_header_gets_401()
    {
        await using var tool = await EmulatorProcess.StartAsync(EmulatorTool.DllPath,
            "--port", "0", "--secret-key", Key, "--connections", "5", "--platform", "one");
        var token = await new AuthKitToken(new AuthKitOptions { Platform = AuthKitPlatform.One, BaseUrl = tool.BaseUrl, SecretKey = tool.SecretKey }).CreateAsync("user_123", IdentityType.User);
        using var pica = new HttpClient { BaseAddress = tool.BaseUrl };
        pica.DefaultRequestHeaders.Add("X-Pica-Secret", Key);
        using var refused = await pica.PostAsync("v1/authkit/token?page=1&limit=100", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(5, token.Rows.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("authkit-emulator: One's AuthKit API on " + tool.BaseUrl, tool.Banner[0], StringComparison.Ordinal);
        Assert.Contains("  AuthKit__Platform=One", tool.Banner);
        await tool.NextLineAsync(l => l.Contains("POST /v1/authkit/token page=1 limit=100 -> 200", StringComparison.Ordinal));
        await tool.NextLineAsync(l => l.EndsWith("POST /v1/authkit/token page=1 limit=100 -> 401 (no X-One-Secret header)", StringComparison.Ordinal));
        Assert.DoesNotContain(tool.Stdout, l => l.Contains("/v1/users/flags", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_request_is_logged_in_one_line_with_method_path_page_and_status_and_never_a_key()
    {
        await using var tool = await EmulatorProcess.StartAsync(EmulatorTool.DllPath, "--port", "0", "--secret-key", Key, "--connections", "150");
        var authKit = new AuthKitToken(new AuthKitOptions { BaseUrl = tool.BaseUrl, SecretKey = tool.SecretKey, WhiteLabelCacheDuration = TimeSpan.Zero });
        const string WrongKey = "sk_test_someone_elses_key_42";

        await authKit.CreateAsync("user_123", IdentityType.User);
        var refused = await Assert.ThrowsAsync<AuthKitApiException>(() =>
            new AuthKitToken(new AuthKitOptions { BaseUrl = tool.BaseUrl, SecretKey = WrongKey, MaxRetries = 0 }).CreateAsync("user_123", IdentityType.User));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var page1 = await tool.NextLineAsync(l => l.Contains("POST /v1/authkit page=1 limit=100 -> 200", StringComparison.Ordinal));
        var page2 = await tool.NextLineAsync(l => l.Contains("POST /v1/authkit page=2 limit=100 -> 200", StringComparison.Ordinal));
        var wrong = await tool.NextLineAsync(l => l.Contains("POST /v1/authkit page=1 limit=100 -> 401", StringComparison.Ordinal));
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} #\d+ POST /v1/authkit page=1 limit=100 -> 200$", page1);
        Assert.EndsWith(" POST /v1/authkit page=1 limit=100 -> 401 (wrong key)", wrong, StringComparison.Ordinal);
        Assert.Contains(tool.Stdout.Skip(tool.Banner.Count), l => l.Contains("GET /v1/users/flags -> 200", StringComparison.Ordinal));
        Assert.NotEqual(page1, page2);
        Assert.All(tool.Stdout.Skip(tool.Banner.Count), l => Assert.DoesNotContain(Key, l, StringComparison.Ordinal));
        Assert.All(tool.Stdout.Concat(tool.Stderr), l => Assert.DoesNotContain(WrongKey, l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Its_vault_holds_the_named_users_connections_and_echoes_a_passthrough_call_logged_without_keys_or_query_values()
    {
        await using var tool = await EmulatorProcess.StartAsync(EmulatorTool.DllPath,
            "--port", "0", "--secret-key", Key, "--connections", "3", "--vault-identity", "user_9");
        var options = new AuthKitOptions { BaseUrl = tool.BaseUrl, SecretKey = tool.SecretKey };
        var mine = new PicaConnections(options).ForIdentity("user_9", IdentityType.User);
        var connections = await mine.ListAsync().ToListAsync();
        var connection = connections[0]; // the active ones: about one seeded connection in ten is not

        using var http = await mine.CreatePassthroughClientAsync(connection.Key, "conn_mod_def::tool::profile");
        using var response = await http.GetAsync("users/me/profile?fields=secret-field-value");
        using var echo = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.All(connections, c => Assert.Equal("user_9", c.Identity));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GET", echo.RootElement.GetProperty("method").GetString());
        Assert.Equal("users/me/profile", echo.RootElement.GetProperty("path").GetString());
        Assert.Contains(tool.Banner, l => l.Contains("3 connections of user user_9", StringComparison.Ordinal));
        var line = await tool.NextLineAsync(l => l.Contains("GET /v1/passthrough/users/me/profile -> 200", StringComparison.Ordinal));
        Assert.All(tool.Stdout.Concat(tool.Stderr), l =>
        {
            Assert.DoesNotContain(connection.Key, l, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-field-value", l, StringComparison.Ordinal);
        });
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} #\d+ GET /v1/passthrough/users/me/profile -> 200$", line);
    }

    [Fact]
    public async Task A_passthrough_path_that_leaves_the_passthrough_once_decoded_is_a_400_and_the_connection_stays()
    {
        await using var tool = await EmulatorProcess.StartAsync(EmulatorTool.DllPath,
            "--port", "0", "--secret-key", Key, "--connections", "3", "--vault-identity", "user_9");
        var mine = new PicaConnections(new AuthKitOptions { BaseUrl = tool.BaseUrl, SecretKey = tool.SecretKey }).ForIdentity("user_9", IdentityType.User);
        var connection = (await mine.ListAsync().ToListAsync())[0];

        // Byte for byte: HttpClient would resolve %2e%2e itself before sending.
        var escaping = await SendAsync(tool, $"DELETE /v1/passthrough/%2e%2e/vault/connections/{connection.Id}", connection.Key);
        var twice = await SendAsync(tool, $"DELETE /v1/passthrough/%252e%252e/vault/connections/{connection.Id}", connection.Key);

        Assert.StartsWith("HTTP/1.1 400 ", escaping, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 ", twice, StringComparison.Ordinal);
        Assert.Contains($"\"path\":\"%252e%252e/vault/connections/{connection.Id}\"", twice, StringComparison.Ordinal);
        Assert.Contains(await mine.ListAsync().ToListAsync(), c => c.Id == connection.Id);
        await tool.NextLineAsync(l => l.EndsWith($" DELETE /v1/passthrough/../vault/connections/{connection.Id} -> 400", StringComparison.Ordinal));
        await tool.NextLineAsync(l => l.EndsWith($" DELETE /v1/passthrough/%2e%2e/vault/connections/{connection.Id} -> 200", StringComparison.Ordinal));
        Assert.DoesNotContain(tool.Stdout.Skip(tool.Banner.Count), l => l.Contains(" DELETE /v1/vault/", StringComparison.Ordinal));
    }

    private static async Task<string> SendAsync(EmulatorProcess tool, string requestLine, string connectionKey)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(tool.BaseUrl.Host, tool.BaseUrl.Port);
        var stream = tcp.GetStream();
        var head = $"{requestLine} HTTP/1.1\r\nHost: {tool.BaseUrl.Authority}\r\nX-Pica-Secret: {tool.SecretKey}\r\n" +
            $"x-pica-connection-key: {connectionKey}\r\nx-pica-action-id: conn_mod_def::tool::delete\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Its_banner_counts_what_a_token_and_the_vault_list_return_with_the_defaults()
    {
        await using var tool = await EmulatorProcess.StartAsync(EmulatorTool.DllPath, "--port", "0", "--secret-key", Key);
        var options = new AuthKitOptions { BaseUrl = tool.BaseUrl, SecretKey = tool.SecretKey, WhiteLabelCacheDuration = TimeSpan.Zero };
        var mine = new PicaConnections(options).ForIdentity("user_123", IdentityType.User);

        var token = await new AuthKitToken(options).CreateAsync("user_123", IdentityType.User);
        var listed = await mine.ListAsync().ToListAsync();
        var inactive = await mine.ListAsync(new PicaConnectionQuery { Active = false }).ToListAsync();

        Assert.NotEmpty(inactive); // seed 1 leaves one of the 12 inactive: the two counts differ, and the banner says both
        var integrations = Regex.Match(tool.Banner[0], @"\((\d+) fake integrations in each token, ");
        Assert.True(integrations.Success, tool.Banner[0]);
        Assert.Equal(token.Rows.Count, int.Parse(integrations.Groups[1].Value, CultureInfo.InvariantCulture));
        var vault = Assert.Single(tool.Banner, l => l.StartsWith("The Vault holds ", StringComparison.Ordinal));
        var counts = Regex.Match(vault, @"^The Vault holds (\d+) connections of user user_123, (\d+) active \(GET /v1/vault/connections lists the active ones unless asked for active=false\)");
        Assert.True(counts.Success, vault);
        Assert.Equal(listed.Count + inactive.Count, int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(listed.Count, int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(2)] // SIGINT: Ctrl+C
    [InlineData(15)] // SIGTERM: a service manager, a container stop
    public async Task A_signal_stops_it_cleanly_with_exit_code_0(int signal)
    {
        await using var tool = await EmulatorProcess.StartAsync(EmulatorTool.DllPath, "--port", "0", "--secret-key", Key);
        using var http = new HttpClient { BaseAddress = tool.BaseUrl };
        using var before = await http.GetAsync("/v1/users/flags");

        var exitCode = await tool.SignalAsync(signal);

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode); // no key sent
        Assert.Equal(0, exitCode);
        Assert.Equal("authkit-emulator: stopped after 1 requests.", tool.Stdout[^1]);
        Assert.Empty(tool.Stderr);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1/users/flags"));
    }

    [Theory]
    [InlineData("--port is required", "--secret-key", Key)]
    [InlineData("--secret-key is required", "--port", "5399")]
    [InlineData("--port must be a number from 0 to 65535, not '70000'", "--port", "70000", "--secret-key", Key)]
    [InlineData("--secret-key must be a test key", "--port", "5399", "--secret-key", "sk_live_a_real_key_123")]
    [InlineData("--connections must be a number", "--port", "5399", "--secret-key", Key, "--connections", "-3")]
    [InlineData("--latency must be milliseconds MIN-MAX with MIN <= MAX", "--port", "5399", "--secret-key", Key, "--latency", "60-40")]
    [InlineData("--seed needs a value", "--port", "5399", "--secret-key", Key, "--seed")]
    [InlineData("unknown option '--connection'", "--port", "5399", "--secret-key", Key, "--connection", "5")]
    [InlineData("--vault-identity must be 1 to 256 visible ASCII characters", "--port", "5399", "--secret-key", Key, "--vault-identity", "user 1")]
    [InlineData("--port is given twice", "--port", "5399", "--port", "5400", "--secret-key", Key)]
    public async Task Bad_arguments_get_one_line_saying_what_is_wrong_and_exit_code_2(string says, params string[] args)
    {
        await using var tool = EmulatorProcess.Run(EmulatorTool.DllPath, args);

        var exitCode = await tool.ExitCodeAsync();

        Assert.Equal(2, exitCode);
        var line = Assert.Single(tool.Stderr);
        Assert.StartsWith("authkit-emulator: " + says, line, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_a_real_key_123", line, StringComparison.Ordinal);
        Assert.Empty(tool.Stdout);
    }

    [Fact]
    public async Task A_port_in_use_gets_one_line_and_exit_code_1()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var tool = EmulatorProcess.Run(EmulatorTool.DllPath, "--port", port, "--secret-key", Key);

        var exitCode = await tool.ExitCodeAsync();

        Assert.Equal(1, exitCode);
        var line = Assert.Single(tool.Stderr);
        Assert.StartsWith($"authkit-emulator: cannot listen on 127.0.0.1:{port}: ", line, StringComparison.Ordinal);
        Assert.Contains("address already in use", line, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(tool.Stdout); // no banner for an emulator that never listened
    }

    [Fact]
    public async Task Help_lists_the_options_and_starts_nothing()
    {
        await using var tool = EmulatorProcess.Run(EmulatorTool.DllPath, "--help");

        Assert.Equal(0, await tool.ExitCodeAsync());
        Assert.StartsWith("Usage: authkit-emulator --port 5399 --secret-key sk_test_emulator [--connections 12] [--white-label] [--latency 40-60] [--seed 1]", tool.Stdout[0], StringComparison.Ordinal);
        Assert.DoesNotContain(tool.Stdout, l => l.Contains("Ctrl+C stops it.", StringComparison.Ordinal));
    }
}
