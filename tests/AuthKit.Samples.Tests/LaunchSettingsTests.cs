using System.Text.Json;
using System.Xml.Linq;
using AuthKit.Samples.Tests.TestSupport;

namespace AuthKit.Samples.Tests;

/// <summary>
/// The samples' launch settings, as <c>dotnet run</c> reads them: a web or worker app made from the SDK's template
/// prints "Building..." on its first run, where a sample without the setting shows nothing until the build is over.
/// </summary>
public sealed class LaunchSettingsTests
{
    // The SDKs whose templates (dotnet new web, webapiaot, worker) ship a launch profile with dotnetRunMessages.
    private static readonly string[] TemplatedSdks = ["Microsoft.NET.Sdk.Web", "Microsoft.NET.Sdk.Worker"];

    /// <summary>Each sample project, with the SDK its csproj names.</summary>
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var project in Directory.GetFiles(Path.Combine(Repository.Root, "samples"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(project));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_web_or_worker_sample_has_dotnetRunMessages_in_every_launch_profile_as_its_template_does(string sample)
    {
        var folder = Path.Combine(Repository.Root, "samples", sample);
        var sdk = XDocument.Load(Path.Combine(folder, sample + ".csproj")).Root!.Attribute("Sdk")!.Value;
        var settings = Path.Combine(folder, "Properties", "launchSettings.json");
        if (!TemplatedSdks.Contains(sdk, StringComparer.Ordinal))
        {
            // A console template has no launch settings: dotnet run of such a sample is as quiet as the template's.
            Assert.Equal("Microsoft.NET.Sdk", sdk);
            return;
        }

        Assert.True(File.Exists(settings), sample + " has no Properties/launchSettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(settings), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var profiles = json.RootElement.GetProperty("profiles").EnumerateObject().ToArray();
        Assert.NotEmpty(profiles);
        Assert.All(profiles, profile =>
        {
            Assert.Equal("Project", profile.Value.GetProperty("commandName").GetString());
            Assert.True(profile.Value.TryGetProperty("dotnetRunMessages", out var messages) && messages.ValueKind == JsonValueKind.True,
                sample + "'s profile " + profile.Name + " lacks \"dotnetRunMessages\": true");
        });
    }
}
