using System.Reflection;

namespace AuthKit.Tests.PublicApi;

/// <summary>The shape users' code and mocks are written against.</summary>
public sealed class PublicApiShapeTests
{
    [Fact]
    public void IAuthKitToken_has_exactly_the_three_members_a_mock_needs()
    {
        var members = typeof(IAuthKitToken).GetMembers().Select(m => m.Name).Order().ToArray();

        // CreatePageAsync is a member, not a default method: it must go through the client's validation.
        Assert.Equal(["Create", "CreateAsync", "CreatePageAsync"], members);
    }

    public static TheoryData<Type> PublicTypes => new(
        typeof(IAuthKitToken).Assembly.GetExportedTypes().Concat(typeof(AuthKitToken).Assembly.GetExportedTypes()).ToArray());

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void Every_public_async_method_takes_an_optional_CancellationToken_last(Type type)
    {
        var asyncMethods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) || m.ReturnType.Name.StartsWith("ValueTask", StringComparison.Ordinal));

        foreach (var method in asyncMethods)
        {
            var last = method.GetParameters().LastOrDefault();
            Assert.True(last?.ParameterType == typeof(CancellationToken) && last.Name == "cancellationToken" && last.HasDefaultValue,
                $"{type.Name}.{method.Name} must end with 'CancellationToken cancellationToken = default'");
        }
    }

    [Fact]
    public void The_sync_Create_methods_take_a_CancellationToken_too()
    {
        var create = typeof(IAuthKitToken).GetMethod(nameof(IAuthKitToken.Create))!;

        Assert.Equal(typeof(CancellationToken), create.GetParameters()[^1].ParameterType);
    }
}
