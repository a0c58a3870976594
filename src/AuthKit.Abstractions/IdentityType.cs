using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// The kind of identity an AuthKit token is created for. Sent on the wire in lower case
/// (<c>"user"</c>, <c>"team"</c>, <c>"organization"</c>, <c>"project"</c>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<IdentityType>))]
public enum IdentityType
{
    /// <summary>A single user of your product (<c>"user"</c>).</summary>
    [JsonStringEnumMemberName("user")]
    User,

    /// <summary>A team within your product (<c>"team"</c>).</summary>
    [JsonStringEnumMemberName("team")]
    Team,

    /// <summary>An organization or tenant (<c>"organization"</c>).</summary>
    [JsonStringEnumMemberName("organization")]
    Organization,

    /// <summary>A project (<c>"project"</c>).</summary>
    [JsonStringEnumMemberName("project")]
    Project,
}
