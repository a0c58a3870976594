using Microsoft.Extensions.Options;

namespace AuthKit;

// Generated at build time from the DataAnnotations on AuthKitOptions: no reflection, trim-safe.
[OptionsValidator]
internal sealed partial class AuthKitOptionsAttributeValidator : IValidateOptions<AuthKitOptions>;
