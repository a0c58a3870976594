using AuthKit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthKit.AspNetCore.Tests.Platforms;

/// <summary>The health check on One asks <c>GET /v1/users/whoami</c> (no One client calls the flags); a 401 there is the key refused.</summary>
public sealed class OneHealthCheckTests : IDisposable
{
    private readonly PicaEmulator _one = PicaEmulator.Start(new PicaEmulatorOptions { Platform = AuthKitPlatform.One });

    public void Dispose() => _one.Dispose();

    [Fact]
    public async Task A_key_One_accepts_is_healthy_after_one_whoami_call()
    {
        var entry = await ProbeAsync(_one.SecretKey);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("One accepts the secret key.", entry.Description);
        var call = Assert.Single(_one.ReceivedRequests);
        Assert.Equal((PicaEndpoint.WhoAmI, "/v1/users/whoami"), (call.Endpoint, call.Path));
        Assert.DoesNotContain(call.HeaderNames, n => n.StartsWith("x-pica", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_key_One_refuses_is_unhealthy()
    {
        const string Wrong = "sk_test_not_ones_key_0123456789";

        var entry = await ProbeAsync(Wrong);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("One refuses the secret key (HTTP 401)", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, entry.Description, StringComparison.Ordinal);
        Assert.Equal(PicaEndpoint.WhoAmI, Assert.Single(_one.ReceivedRequests).Endpoint);
    }

    private async Task<HealthReportEntry> ProbeAsync(string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:Platform"] = "One",
            ["AuthKit:SecretKey"] = key,
            ["AuthKit:BaseUrl"] = _one.Url.ToString(),
            ["AuthKit:MaxRetries"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthKit(configuration.GetSection(AuthKitOptions.SectionName));
        services.AddHealthChecks().AddAuthKit();
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["authkit"];
    }
}
