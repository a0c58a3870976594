using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// Reads a connection's <c>identityType</c> without failing a whole listing on a kind Pica adds later: an
/// unknown kind reads as <see langword="null"/>, which no <c>ForIdentity</c> view owns. Public so that a
/// source-generated <c>JsonSerializerContext</c> of yours can serialize <see cref="PicaConnection"/>.
/// </summary>
public sealed class LenientIdentityTypeConverter : JsonConverter<IdentityType?>
{
    /// <summary>Always <see langword="true"/>: a JSON null reads as <see langword="null"/>.</summary>
    public override bool HandleNull => true;

    /// <summary>Reads <c>"user"</c>, <c>"team"</c>, <c>"organization"</c> or <c>"project"</c>; anything else as <see langword="null"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="typeToConvert">The type.</param>
    /// <param name="options">The options.</param>
    /// <returns>The kind, or <see langword="null"/>.</returns>
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

    /// <summary>Writes the kind in lower case, or a JSON null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The kind.</param>
    /// <param name="options">The options.</param>
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

    internal static string? WireName(IdentityType? value) => value switch
    {
        AuthKit.IdentityType.User => "user",
        AuthKit.IdentityType.Team => "team",
        AuthKit.IdentityType.Organization => "organization",
        AuthKit.IdentityType.Project => "project",
        _ => null,
    };
}
