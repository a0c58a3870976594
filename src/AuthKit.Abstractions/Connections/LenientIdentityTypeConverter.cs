using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// Reads a connection's <c>identityType</c> without failing a whole listing on a kind Pica adds later: an
/// unknown kind reads as <see langword="null"/>, which no <c>ForIdentity</c> view owns.
/// </summary>
internal sealed class LenientIdentityTypeConverter : JsonConverter<IdentityType?>
{
    public override bool HandleNull => true;

    public override IdentityType? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return reader.ValueTextEquals("user"u8) ? AuthKit.IdentityType.User
            : reader.ValueTextEquals("team"u8) ? AuthKit.IdentityType.Team
            : reader.ValueTextEquals("organization"u8) ? AuthKit.IdentityType.Organization
            : reader.ValueTextEquals("project"u8) ? AuthKit.IdentityType.Project
            : null;
    }

    public override void Write(Utf8JsonWriter writer, IdentityType? value, JsonSerializerOptions options)
    {
        if (WireName(value) is { } name)
        {
            writer.WriteStringValue(name);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    public static string? WireName(IdentityType? value) => value switch
    {
        AuthKit.IdentityType.User => "user",
        AuthKit.IdentityType.Team => "team",
        AuthKit.IdentityType.Organization => "organization",
        AuthKit.IdentityType.Project => "project",
        _ => null,
    };
}
