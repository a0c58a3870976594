using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace AuthKit;

// Problem bodies without reflection; int and string are the types of the extensions written.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
internal sealed partial class ProblemJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context with an encoder that leaves <c>+</c>, <c>'</c> and non-ASCII letters as they are: the default one
    /// writes <c>U\u002B0020</c> and <c>\u0027-\u0027</c> into a detail someone reads with curl. Its escaping of
    /// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> guards JSON inlined in an HTML page; this body is served as
    /// application/problem+json, which no browser renders as HTML, and a page that puts <c>detail</c> into HTML must
    /// encode it anyway, since JSON.parse undoes any escape.
    /// </summary>
    public static ProblemJsonContext Readable { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
