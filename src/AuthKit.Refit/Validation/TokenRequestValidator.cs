using System.Globalization;
using System.Text;

namespace AuthKit;

/// <summary>
/// Checks a token request before anything is sent. Pica builds Connection Keys from the identity,
/// and spaces, colons and invisible characters break them (Pica's docs advise against them); such
/// an identity would give a token whose connections cannot be used later. A comma separates the values
/// of Pica's list filters and a vertical bar puts the identity after a connection key: an identity
/// holding either would be read as two identities, or as part of another's key.
/// </summary>
internal static class TokenRequestValidator
{
    public const int MaxIdentityLength = 256;

    private const string ParamName = "request";

    public static void Validate(AuthKitTokenRequest request)
    {
        if (request.Identity is { } identity)
        {
            ValidateIdentity(identity);
        }

        if (request.IdentityType is { } type)
        {
            if (!Enum.IsDefined(type))
            {
                throw new ArgumentException(
                    $"AuthKitTokenRequest.IdentityType {(int)type} is not a defined IdentityType (User, Team, Organization or Project).", ParamName);
            }

            if (request.Identity is null)
            {
                throw new ArgumentException("AuthKitTokenRequest.IdentityType was set without an Identity; set both or neither.", ParamName);
            }
        }
    }

    private static void ValidateIdentity(string identity) => ValidateIdentity(identity, "AuthKitTokenRequest.Identity", ParamName);

    /// <summary>The same rules for an identity given elsewhere (the connections' <c>ForIdentity</c>), named <paramref name="what"/>.</summary>
    public static void ValidateIdentity(string identity, string what, string paramName)
    {
        if (identity.Length == 0 || string.IsNullOrWhiteSpace(identity))
        {
            throw new ArgumentException($"{what} must not be empty or blank.", paramName);
        }

        if (identity.Length > MaxIdentityLength)
        {
            throw new ArgumentException(
                $"{what} is {identity.Length} characters long; at most {MaxIdentityLength} are allowed.", paramName);
        }

        var index = 0;
        while (index < identity.Length)
        {
            if (Rune.DecodeFromUtf16(identity.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                throw Invalid(what, paramName, index, "an unpaired surrogate (not valid Unicode text)");
            }

            var problem = rune.Value switch
            {
                ':' => "a colon (':')",
                ',' => "a comma (',')",
                '|' => "a vertical bar ('|')",
                _ => null,
            } ?? (IsNoncharacter(rune.Value) ? "a Unicode noncharacter (such as U+FFFE or U+FFFF)" : Rune.GetUnicodeCategory(rune) switch
            {
                UnicodeCategory.Control => "a control character",
                UnicodeCategory.Format => "an invisible formatting character (such as a zero-width or direction mark)",
                UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "white space",
                _ => null,
            });

            if (problem is not null)
            {
                throw Invalid(what, paramName, index, problem);
            }

            index += consumed;
        }
    }

    // Noncharacters are reserved for a program's internal use, never interchange: U+FFFE reads as a
    // byte-swapped BOM, and systems on the way may drop them or turn them into U+FFFD, silently
    // changing the identity. Other unassigned code points are let through: they may be assigned in
    // a Unicode version newer than this runtime's tables.
    private static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    private static ArgumentException Invalid(string what, string paramName, int index, string problem) =>
        new($"{what} contains {problem} at index {index}; identities must not contain spaces, colons, commas, vertical bars, control or invisible characters or noncharacters.", paramName);
}
