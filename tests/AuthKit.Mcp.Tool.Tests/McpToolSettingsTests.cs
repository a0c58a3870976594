using Microsoft.Extensions.Configuration;

namespace AuthKit.Mcp.Tool.Tests;

/// <summary>How the settings read from the environment become the identity and the tools' options.</summary>
public sealed class McpToolSettingsTests
{
    private static McpToolSettings Read(params (string Name, string Value)[] environment)
    {
        var settings = McpToolSettings.Read(Configuration(environment), out var problems);
        Assert.Empty(problems);
        return settings!;
    }

    private static IConfiguration Configuration((string Name, string Value)[] environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection([
                new("AuthKit:SecretKey", "sk_test_settings"),
                new("AuthKit:Mcp:Identity", "user_1"),
                .. environment.Select(e => new KeyValuePair<string, string?>(e.Name.Replace("__", ":", StringComparison.Ordinal), e.Value))])
            .Build();

    [Fact]
    public void The_defaults_are_a_user_identity_with_read_only_tools_over_all_its_connections()
    {
        var settings = Read();

        Assert.Equal(("user_1", IdentityType.User), (settings.Identity, settings.IdentityType));
        Assert.Equal(PicaToolPermissions.Read, settings.Tools.Permissions);
        Assert.Null(settings.Tools.Connectors);
        Assert.Null(settings.Tools.Actions);
        Assert.False(settings.Tools.KnowledgeOnly);
        Assert.Equal(new PicaToolOptions().MaxResultLength, settings.Tools.MaxResultLength);
    }

    [Fact]
    public void Lists_are_comma_separated_as_Ones_server_takes_them()
    {
        var settings = Read(
            ("AuthKit__Mcp__Tools__Connectors", "gmail, live::slack::default::abc ,"),
            ("AuthKit__Mcp__Tools__Actions", "conn_mod_def::GmailMsg::get-message"));

        Assert.Equal(["gmail", "live::slack::default::abc"], settings.Tools.Connectors!);
        Assert.Equal(["conn_mod_def::GmailMsg::get-message"], settings.Tools.Actions!);
    }

    [Fact]
    public void Lists_also_bind_indexed_as_any_configuration_list()
    {
        var settings = Read(("AuthKit__Mcp__Tools__Connectors__0", "gmail"), ("AuthKit__Mcp__Tools__Connectors__1", "slack"));

        Assert.Equal(["gmail", "slack"], settings.Tools.Connectors!);
    }

    [Fact]
    public void The_other_options_bind_case_insensitively()
    {
        var settings = Read(
            ("AuthKit__Mcp__IdentityType", "Organization"),
            ("AuthKit__Mcp__Tools__Permissions", "admin"),
            ("AuthKit__Mcp__Tools__KnowledgeOnly", "true"),
            ("AuthKit__Mcp__Tools__AuthKitIntegrationsOnly", "True"),
            ("AuthKit__Mcp__Tools__MaxResultLength", "4096"));

        Assert.Equal(IdentityType.Organization, settings.IdentityType);
        Assert.Equal(PicaToolPermissions.Admin, settings.Tools.Permissions);
        Assert.True(settings.Tools.KnowledgeOnly);
        Assert.True(settings.Tools.AuthKitIntegrationsOnly);
        Assert.Equal(4096, settings.Tools.MaxResultLength);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("users")]
    [InlineData(" ")]
    public void An_identity_type_that_is_not_one_of_the_four_names_is_refused(string value)
    {
        var settings = McpToolSettings.Read(Configuration([("AuthKit__Mcp__IdentityType", value)]), out var problems);

        if (string.IsNullOrWhiteSpace(value))
        {
            // Blank is unset: the default.
            Assert.Equal(IdentityType.User, settings!.IdentityType);
            return;
        }

        Assert.Null(settings);
        Assert.Contains("AuthKit__Mcp__IdentityType", Assert.Single(problems), StringComparison.Ordinal);
    }
}
