using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AuthKit;

/// <summary>
/// The one cleaning that every string the SDK emits passes through, where that string is made:
/// exception messages (and the inner exceptions they carry), log values, span tags. Servers, proxies
/// and the network put text of their own into those strings, and some of it echoes the request.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Secret keys are found as written and in the encodings an echo uses: JSON escapes
/// (<c>\uXXXX</c> for any character, in either case, and <c>\/</c>, <c>\"</c>, <c>\\</c>), URL
/// encoding (<c>%XX</c>), HTML character references (<c>&amp;#115;</c>, <c>&amp;#x73;</c>), and one of
/// these inside another (a JSON string quoted in a JSON string). Any run of 12 or more of a key's
/// characters counts (a key cut off at a length bound, or echoed in part).</item>
/// <item>The user information of URLs (<c>http://user:password@proxy</c>, as HttpClient quotes a proxy).</item>
/// <item>Control characters, invisible formatting characters (direction overrides, zero-width
/// characters) and line separators are replaced, so that no text forges a log line or hides another;
/// tab, CR and LF become spaces.</item>
/// <item>The length is bounded.</item>
/// </list>
/// </remarks>
internal sealed partial class Redactor(Func<IReadOnlyList<string>> secrets)
{
    /// <summary>What a key or a URL's user information is replaced with.</summary>
    public const string Mark = "[REDACTED]";

    /// <summary>The longest message, log value or tag the SDK makes from text it did not write.</summary>
    public const int MaxLength = 1024;

    // A run this long of a key's characters is treated as the key. The visible prefix (sk_live_) is 8.
    private const int Fragment = 12;

    // Text past the bound is still read, so that a key straddling the cut is found in its longest
    // encoded form (\uXXXX: 6 characters for each of a key's characters).
    private const int Lookahead = 512;

    private const char Replacement = '\uFFFD';

    // Printable ASCII: text made of these alone needs no character replaced.
    private static readonly System.Buffers.SearchValues<char> Printable =
        System.Buffers.SearchValues.Create(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Cleans <paramref name="text"/>; <see langword="null"/> stays <see langword="null"/>.</summary>
    /// <param name="text">Text from anywhere: a server's body, an exception message, a header.</param>
    /// <param name="maxLength">The longest result; a longer one is cut and ends with '…'.</param>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? Clean(string? text, int maxLength = MaxLength)
    {
        if (text is null)
        {
            return null;
        }

        var source = text.Length > maxLength + Lookahead ? text[..(maxLength + Lookahead)] : text;
        var marks = new List<(int Start, int End)>();
        var view = View.Of(source);
        FindSecrets(view, marks);
        FindUserInfo(view, marks);
        if (HasEscapes(source))
        {
            var once = view.Decode();
            FindSecrets(once, marks);
            FindUserInfo(once, marks);
            if (HasEscapes(once.Text))
            {
                var twice = once.Decode();
                FindSecrets(twice, marks);
                FindUserInfo(twice, marks);
            }
        }

        return Bound(Rewrite(source, marks), maxLength);
    }

    /// <summary>
    /// This cleaning with <paramref name="secret"/> as one more key: a passthrough client's connection
    /// key, which an echoing server puts into HttpClient's error text as it does the secret key.
    /// </summary>
    /// <param name="secret">Text never to emit.</param>
    /// <returns>A redactor that finds the keys this one finds and <paramref name="secret"/>.</returns>
    public Redactor With(string secret) => new(() => [.. secrets(), secret]);

    /// <summary>
    /// <paramref name="exception"/> with every message of its inner chain cleaned. Returns the same
    /// instance when nothing needed cleaning; otherwise copies of the same types where their public
    /// constructors allow (HttpRequestException keeps its HttpRequestError and status), with the
    /// original stack trace kept as text.
    /// </summary>
    public Exception? Clean(Exception? exception) => Clean(exception, depth: 0);

    private Exception? Clean(Exception? exception, int depth)
    {
        if (exception is null)
        {
            return null;
        }

        if (depth > 8)
        {
            // A chain this deep is not what HttpClient makes; what lies below is not worth the risk.
            return new IOException(Mark);
        }

        var message = Clean(exception.Message);
        var inner = Clean(exception.InnerException, depth + 1);
        var aggregate = exception is AggregateException all ? all.InnerExceptions.Select(e => Clean(e, depth + 1)!).ToArray() : null;
        if (message == exception.Message && ReferenceEquals(inner, exception.InnerException)
            && (aggregate is null || aggregate.SequenceEqual(((AggregateException)exception).InnerExceptions)))
        {
            return exception;
        }

        var copy = exception switch
        {
            AggregateException => new AggregateException(message, aggregate!),
            HttpRequestException http => new HttpRequestException(http.HttpRequestError, message, inner, http.StatusCode),
            // Its Message appends the error code to the text it was given.
            HttpIOException io => new HttpIOException(io.HttpRequestError, message.EndsWith($" ({io.HttpRequestError})", StringComparison.Ordinal)
                ? message[..message.LastIndexOf(" (", StringComparison.Ordinal)]
                : message, inner),
            JsonException json => new JsonException(message, json.Path, json.LineNumber, json.BytePositionInLine, inner),
            TimeoutException => new TimeoutException(message, inner),
            OperationCanceledException cancelled => new OperationCanceledException(message, inner, cancelled.CancellationToken),
            IOException => new IOException(message, inner),
            _ => new Exception($"{exception.GetType().FullName}: {message}", inner),
        };

        if (exception.StackTrace is { } trace)
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(copy, trace);
        }

        return copy;
    }

    private void FindSecrets(View view, List<(int Start, int End)> marks)
    {
        var text = view.Text;
        var keys = secrets();
        var at = 0;
        while (at < text.Length)
        {
            var longest = 0;
            foreach (var key in keys)
            {
                var run = LongestRun(text, at, key);
                if (run >= Math.Min(Fragment, key.Length) && run > longest)
                {
                    longest = run;
                }
            }

            if (longest == 0)
            {
                at++;
                continue;
            }

            marks.Add(view.Source(at, at + longest));
            at += longest;
        }
    }

    // The longest run of text starting at 'at' that appears somewhere in the key.
    private static int LongestRun(string text, int at, string key)
    {
        var longest = 0;
        for (var from = key.IndexOf(text[at], StringComparison.Ordinal); from >= 0 && key.Length - from > longest; from = key.IndexOf(text[at], from + 1))
        {
            var length = 1;
            while (from + length < key.Length && at + length < text.Length && key[from + length] == text[at + length])
            {
                length++;
            }

            longest = Math.Max(longest, length);
        }

        return longest;
    }

    private static void FindUserInfo(View view, List<(int Start, int End)> marks)
    {
        foreach (Match match in UserInfo().Matches(view.Text))
        {
            var info = match.Groups["info"];
            marks.Add(view.Source(info.Index, info.Index + info.Length));
        }
    }

    private static string Rewrite(string source, List<(int Start, int End)> marks)
    {
        if (marks.Count == 0 && !source.AsSpan().ContainsAnyExcept(Printable))
        {
            return source; // the common case, a message of the SDK's own, costs no copy
        }

        marks.Sort();
        var result = new StringBuilder(source.Length);
        var mark = 0;
        for (var i = 0; i < source.Length;)
        {
            while (mark < marks.Count && marks[mark].End <= i)
            {
                mark++;
            }

            if (mark < marks.Count && marks[mark].Start <= i)
            {
                // Overlapping marks (a key inside a URL's user information, say) become one.
                var end = marks[mark].End;
                while (mark + 1 < marks.Count && marks[mark + 1].Start <= end)
                {
                    end = Math.Max(end, marks[++mark].End);
                }

                result.Append(Mark);
                i = end;
                continue;
            }

            var c = source[i];
            if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(source, i);
                if (category is UnicodeCategory.Format)
                {
                    result.Append(Replacement);
                }
                else
                {
                    result.Append(c).Append(source[i + 1]);
                }

                i += 2;
                continue;
            }

            result.Append(c switch
            {
                '\t' or '\r' or '\n' => ' ',
                _ when char.IsSurrogate(c) => Replacement, // unpaired
                _ => CharUnicodeInfo.GetUnicodeCategory(c) switch
                {
                    UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => ' ',
                    UnicodeCategory.Control or UnicodeCategory.Format => Replacement,
                    _ => c,
                },
            });
            i++;
        }

        return result.ToString();
    }

    private static string Bound(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = Math.Max(0, maxLength - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    private static bool HasEscapes(string text) => text.AsSpan().IndexOfAny('\\', '%', '&') >= 0;

    // user:password@ after a scheme's "://", up to the authority's last '@' (a decoded password may
    // hold one); stops at what ends an authority (or a quoted URL).
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.\-]*://(?<info>[^\s/?#\\""'<>\[\]]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    /// <summary>
    /// Text with, for each of its characters, the range of the original text it was decoded from, so
    /// that what is found in a decoded view is redacted in the original.
    /// </summary>
    private sealed class View
    {
        private readonly int[]? _start;
        private readonly int[]? _end;

        private View(string text, int[]? start, int[]? end)
        {
            Text = text;
            _start = start;
            _end = end;
        }

        public string Text { get; }

        public static View Of(string text) => new(text, null, null);

        /// <summary>The range of the original text behind characters [start, end) of this view.</summary>
        public (int Start, int End) Source(int start, int end) =>
            _start is null ? (start, end) : (_start[start], _end![end - 1]);

        /// <summary>One level of JSON, URL and HTML-reference decoding.</summary>
        public View Decode()
        {
            var text = Text;
            var decoded = new StringBuilder(text.Length);
            var start = new List<int>(text.Length);
            var end = new List<int>(text.Length);
            for (var i = 0; i < text.Length;)
            {
                var (c, consumed) = DecodeAt(text, i);
                decoded.Append(c);
                start.Add(_start is null ? i : _start[i]);
                end.Add(_end is null ? i + consumed : _end[i + consumed - 1]);
                i += consumed;
            }

            return new View(decoded.ToString(), [.. start], [.. end]);
        }

        private static (char Char, int Consumed) DecodeAt(string text, int i)
        {
            var rest = text.AsSpan(i);
            if (rest.Length >= 6 && rest[0] == '\\' && rest[1] == 'u' && ushort.TryParse(rest.Slice(2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                return ((char)unit, 6);
            }

            if (rest.Length >= 2 && rest[0] == '\\')
            {
                var escaped = rest[1] switch
                {
                    '/' or '\\' or '"' or '\'' => rest[1],
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => (char?)null,
                };
                if (escaped is { } e)
                {
                    return (e, 2);
                }
            }

            if (rest.Length >= 3 && rest[0] == '%' && byte.TryParse(rest.Slice(1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var octet))
            {
                return ((char)octet, 3);
            }

            if (rest.Length >= 4 && rest[0] == '&' && rest[1] == '#')
            {
                var semicolon = rest[..Math.Min(rest.Length, 10)].IndexOf(';');
                if (semicolon > 2)
                {
                    var hex = rest[2] is 'x' or 'X';
                    var digits = rest[(hex ? 3 : 2)..semicolon];
                    if (ushort.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                    {
                        return ((char)code, semicolon + 1);
                    }
                }
            }

            return (text[i], 1);
        }
    }
}
