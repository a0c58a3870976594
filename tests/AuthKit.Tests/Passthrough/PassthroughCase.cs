using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using static AuthKit.Tests.Passthrough.TwoTenants;

namespace AuthKit.Tests.Passthrough;

/// <summary>
/// One generated passthrough request: a method, a relative path built of parts (segments and separators,
/// each percent-encoded zero to three times in upper or lower hex), headers put on the request or on its
/// content, and a body. <see cref="Hostile"/> draws dots, backslashes, control characters, the keys'
/// header names and Host among ordinary parts; <see cref="Ordinary"/> only what a legitimate caller sends.
/// </summary>
internal sealed record PassthroughCase(string Method, IReadOnlyList<PathPart> Path, IReadOnlyList<CaseHeader> Headers, CaseBody Body)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND"];

    // Segments a legitimate caller writes; those that need encoding are always encoded in an ordinary case.
    private static readonly string[] OrdinarySegments = ["users", "me", "messages", "v1", "vault", "connections", "authkit", "a b", "é", "group/name", "50% off", "x;y", "q"];

    private static readonly string[] HostileSegments = [".", "..", "..;x", ".;", "x\\y", "\\", "\u0001", "\u007f", "\r\n", "..\\..", "%2e", "%"];

    private static readonly string[] HeaderNames =
    [
        "X-Pica-Secret", "x-pica-connection-key", "x-pica-action-id", "X-One-Secret", "x-one-connection-key", "x-one-action-id",
        "X-PICA-CONNECTION-KEY", "Host", "X-Trace", "Accept",
    ];

    private static readonly string[] HeaderValues = [TheirKey, MyKey, Secret, "sk_test_another_account_0000000000", "conn_mod_def::theirs::delete", "evil.example", "text/plain"];

    /// <summary>Anything: ordinary parts and hostile ones, every header name, on either collection.</summary>
    public static Arbitrary<PassthroughCase> Hostile { get; } = Arb.From(Generate(hostile: true), Shrink);

    /// <summary>What a legitimate caller sends: encoded characters, no dot segment, no owned header.</summary>
    public static Arbitrary<PassthroughCase> Ordinary { get; } = Arb.From(Generate(hostile: false), Shrink);

    /// <summary>The relative address as the caller writes it.</summary>
    public string RelativePath => string.Concat(Path.Select(p => p.Render()));

    /// <summary>Whether the caller put a header only the client may set on the content, or a Host of its own.</summary>
    public bool SetsForbiddenHeader =>
        Headers.Any(h => (h.OnContent && Body != CaseBody.None && h.Name != "Host" && h.Name != "X-Trace" && h.Name != "Accept")
            || (!h.OnContent && h.Name == "Host"));

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), RelativePath);
        request.Content = Body switch
        {
            CaseBody.Json => new StringContent("""{"to":"a@example.com"}""", Encoding.UTF8, "application/json"),
            CaseBody.Bytes => new ByteArrayContent([1, 2, 3, 0, 255]),
            _ => null,
        };
        foreach (var header in Headers)
        {
            if (header.OnContent)
            {
                request.Content?.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }

        return request;
    }

    public override string ToString() =>
        $"{Method} \"{RelativePath}\" body={Body} headers=[{string.Join(", ", Headers.Select(h => $"{(h.OnContent ? "content:" : "")}{h.Name}: {h.Value}"))}]";

    private static Gen<PassthroughCase> Generate(bool hostile)
    {
        var segment = hostile
            ? Gen.Frequency((3, Gen.Elements([.. OrdinarySegments, "...", "~tilde"])), (2, Gen.Elements(HostileSegments)))
            : Gen.Elements(OrdinarySegments);
        var separator = hostile ? Gen.Frequency((5, Gen.Constant("/")), (1, Gen.Constant("\\"))) : Gen.Constant("/");
        var depth = Gen.Frequency((4, Gen.Constant(0)), (2, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)));
        var part = Gen.Frequency((3, segment.Select(s => (s, true))), (2, separator.Select(s => (s, false))))
            .SelectMany(p => depth, (p, d) => (p.s, p.Item2, d))
            .SelectMany(p => Gen.Elements(true, false), (p, upper) =>
            {
                var least = hostile || !NeedsEncoding(p.s) ? 0 : 1;
                return new PathPart(p.s, Math.Max(p.d, least), upper) { LeastDepth = least };
            });
        var path = Gen.Choose(1, 8).SelectMany(n => Gen.ListOf(part, n)).Select(parts =>
        {
            // A relative address never starts with a separator (that would be the origin's root).
            var list = parts.SkipWhile(p => p.Depth == 0 && p.Text is "/" or "\\").ToList();
            return (IReadOnlyList<PathPart>)(list.Count == 0 ? [new PathPart("users", 0, true)] : list);
        });
        var names = hostile ? HeaderNames : ["X-Trace", "Accept"];
        var header = Gen.Elements(names)
            .SelectMany(_ => Gen.Elements(HeaderValues), (name, value) => (name, value))
            .SelectMany(_ => Gen.Elements(true, false), (h, onContent) => new CaseHeader(h.name, h.value, onContent));
        var headers = Gen.Choose(0, hostile ? 4 : 2).SelectMany(n => Gen.ListOf(header, n)).Select(h => (IReadOnlyList<CaseHeader>)h.ToList());
        return Gen.Elements(Methods)
            .SelectMany(_ => path, (m, p) => (m, p))
            .SelectMany(_ => headers, (mp, h) => (mp.m, mp.p, h))
            .SelectMany(_ => Gen.Elements(CaseBody.None, CaseBody.Json, CaseBody.Bytes), (mph, b) => new PassthroughCase(mph.m, mph.p, mph.h, b));
    }

    private static bool NeedsEncoding(string segment) => segment.Any(c => !char.IsAsciiLetterOrDigit(c));

    // Smaller cases first: fewer parts, shallower encodings, fewer headers, no body, a GET.
    private static IEnumerable<PassthroughCase> Shrink(PassthroughCase c)
    {
        for (var i = 0; i < c.Path.Count && c.Path.Count > 1; i++)
        {
            yield return c with { Path = [.. c.Path.Take(i), .. c.Path.Skip(i + 1)] };
        }

        for (var i = 0; i < c.Path.Count; i++)
        {
            if (c.Path[i].Depth > c.Path[i].LeastDepth)
            {
                yield return c with { Path = [.. c.Path.Take(i), c.Path[i] with { Depth = c.Path[i].Depth - 1 }, .. c.Path.Skip(i + 1)] };
            }
        }

        for (var i = 0; i < c.Headers.Count; i++)
        {
            yield return c with { Headers = [.. c.Headers.Take(i), .. c.Headers.Skip(i + 1)] };
        }

        if (c.Body != CaseBody.None)
        {
            yield return c with { Body = CaseBody.None };
        }

        if (c.Method != "GET")
        {
            yield return c with { Method = "GET" };
        }
    }
}

/// <summary>A segment or a separator, percent-encoded <see cref="Depth"/> times.</summary>
internal sealed record PathPart(string Text, int Depth, bool UpperHex)
{
    /// <summary>How far shrinking may lower <see cref="Depth"/>: an ordinary segment stays encoded.</summary>
    public int LeastDepth { get; init; }

    public string Render()
    {
        if (Depth == 0)
        {
            return Text;
        }

        // The first encoding takes every character that is not a plain letter, digit, '-' or '_'; each
        // further one encodes the '%' of the one before, as an encoder applied again does.
        var text = Encode(Text, c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        for (var i = 1; i < Depth; i++)
        {
            text = Encode(text, c => c == '%');
        }

        return text;
    }

    private string Encode(string text, Func<char, bool> encode)
    {
        var format = UpperHex ? "X2" : "x2";
        var builder = new StringBuilder();
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && !encode((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var n = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..n])
            {
                builder.Append('%').Append(b.ToString(format, CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

/// <summary>A header the case sets, on the request or on its content.</summary>
internal sealed record CaseHeader(string Name, string Value, bool OnContent);

/// <summary>The body a case sends.</summary>
internal enum CaseBody
{
    None,
    Json,
    Bytes,
}
