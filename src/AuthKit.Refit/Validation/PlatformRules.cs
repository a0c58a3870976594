using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// <see cref="AuthKitOptions.Platform"/> must be one the SDK knows, and agree with the host of
/// <see cref="AuthKitOptions.BaseUrl"/>: the key would otherwise go to one platform under the other's
/// header names, which it refuses (or, worse, the header would name the wrong platform to a proxy).
/// </summary>
internal static class PlatformRules
{
    public static void Validate(AuthKitOptions options, ValidateOptionsResultBuilder result)
    {
        const string Property = nameof(AuthKitOptions.Platform);
        if (!Enum.IsDefined(options.Platform))
        {
            result.AddError($"AuthKitOptions.Platform must be {string.Join(" or ", AuthKitPlatformDialect.All.Select(d => d.Name))}.", Property);
            return;
        }

        var chosen = AuthKitPlatformDialect.For(options.Platform);
        if (options.BaseUrl is { IsAbsoluteUri: true } url && AuthKitPlatformDialect.OwnerOf(url) is { } owner && owner != chosen)
        {
            result.AddError(
                $"AuthKitOptions.BaseUrl is {owner.Name}'s API ({url.IdnHost}) but AuthKitOptions.Platform is {chosen.Name}: " +
                $"set AuthKit:Platform to {owner.Name}, or change AuthKit:BaseUrl to {chosen.Name}'s API ({chosen.BaseUrl.GetLeftPart(UriPartial.Authority)}).",
                Property);
        }
    }
}
