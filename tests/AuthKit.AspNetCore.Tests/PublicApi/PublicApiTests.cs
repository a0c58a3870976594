using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.AspNetCore.Tests.PublicApi;

/// <summary>The public surface of AuthKit.AspNetCore, as apps (and the browser test) write against it.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_package_exports_the_options_and_the_extension_classes_in_ASP_NET_Cores_namespaces()
    {
        var exported = typeof(AuthKitEndpointOptions).Assembly.GetExportedTypes().Select(t => t.FullName).Order();

        Assert.Equal(
        [
            "AuthKit.AuthKitEndpointOptions",
            "AuthKit.AuthKitHealthCheckOptions",
            "Microsoft.AspNetCore.Builder.AuthKitConnectionsEndpointRouteBuilderExtensions",
            "Microsoft.AspNetCore.Builder.AuthKitEndpointRouteBuilderExtensions",
            "Microsoft.Extensions.DependencyInjection.AuthKitEndpointServiceCollectionExtensions",
            "Microsoft.Extensions.DependencyInjection.AuthKitHealthChecksBuilderExtensions",
        ], exported);
    }

    [Fact]
    public void MapAuthKitToken_takes_a_route_pattern_defaulting_to_authkit_token_and_returns_the_convention_builder()
    {
        var map = typeof(AuthKitEndpointRouteBuilderExtensions).GetMethod(nameof(AuthKitEndpointRouteBuilderExtensions.MapAuthKitToken))!;
        var pattern = map.GetParameters()[1];

        Assert.Equal(typeof(IEndpointConventionBuilder), map.ReturnType);
        Assert.Equal([typeof(IEndpointRouteBuilder), typeof(string)], map.GetParameters().Select(p => p.ParameterType));
        Assert.Equal("/authkit-token", pattern.DefaultValue);
        Assert.Equal("Route", pattern.GetCustomAttribute<StringSyntaxAttribute>()?.Syntax);
    }

    [Fact]
    public void AddAuthKitEndpoint_has_a_default_a_configuration_and_a_delegate_overload_returning_the_options_builder()
    {
        var overloads = typeof(AuthKitEndpointServiceCollectionExtensions).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == nameof(AuthKitEndpointServiceCollectionExtensions.AddAuthKitEndpoint))
            .Select(m => (Parameters: string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name + (p.IsOptional ? "?" : ""))), m.ReturnType))
            .OrderBy(o => o.Parameters, StringComparer.Ordinal)
            .ToArray();

        // No optional parameter: a later overload would make a call with the default ambiguous (RS0026/RS0027).
        Assert.Equal(
        [
            ("IServiceCollection", typeof(OptionsBuilder<AuthKitEndpointOptions>)),
            ("IServiceCollection, Action`1", typeof(OptionsBuilder<AuthKitEndpointOptions>)),
            ("IServiceCollection, IConfiguration", typeof(OptionsBuilder<AuthKitEndpointOptions>)),
        ], overloads);
    }

    [Fact]
    public void The_options_have_the_settings_of_the_AuthKit_Endpoint_section()
    {
        var properties = typeof(AuthKitEndpointOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => p.Name, p => p.PropertyType);

        Assert.Equal("AuthKit:Endpoint", AuthKitEndpointOptions.SectionName);
        Assert.Equal(new Dictionary<string, Type>
        {
            ["AllowedOrigins"] = typeof(IList<string>),
            ["AllowedHeaders"] = typeof(IList<string>),
            ["AllowCredentials"] = typeof(bool),
            ["PreflightMaxAge"] = typeof(TimeSpan),
            ["ResolveIdentity"] = typeof(Func<HttpContext, ValueTask<AuthKitTokenRequest?>>),
        }, properties);
    }
}
