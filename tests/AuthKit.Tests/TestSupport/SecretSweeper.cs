using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Looks for a secret in everything an operator could see: log records (message, structured state,
/// state, scopes, exception), exceptions (message, ToString, every public property, data, the whole
/// inner chain), spans (name, tags, events, links, baggage, status) and metrics (tags, instrument
/// and meter metadata). It matches any 12 consecutive characters of the secret, so a truncated
/// or partly masked key is found too, and it reads each text as written and decoded the ways an
/// echo may encode it: JSON escapes (<c>\uXXXX</c> for any character, <c>\/</c>), URL encoding
/// (<c>%XX</c>), HTML character references, and one of them inside another.
/// </summary>
internal sealed partial class SecretSweeper(string secret)
{
    private const int Window = 12;

    private static readonly Func<string, string>[] Decoders =
    [
        text => text,
        UnescapeJson,
        Uri.UnescapeDataString,
        text => WebUtility.HtmlDecode(text),
        text => UnescapeJson(UnescapeJson(text)),
        text => UnescapeJson(Uri.UnescapeDataString(text)),
        text => Uri.UnescapeDataString(UnescapeJson(text)),
    ];

    private readonly string[] _fragments = Enumerable.Range(0, Math.Max(1, secret.Length - Window + 1))
        .Select(i => secret.Substring(i, Math.Min(Window, secret.Length - i)))
        .Distinct()
        .ToArray();

    /// <summary>Where the secret was found; empty when nowhere.</summary>
    public List<string> Findings { get; } = [];

    public void Text(string where, string? text)
    {
        if (text is null)
        {
            return;
        }

        foreach (var decode in Decoders)
        {
            var decoded = decode(text);
            if (_fragments.FirstOrDefault(f => decoded.Contains(f, StringComparison.Ordinal)) is { } fragment)
            {
                Findings.Add($"{where}: …{Around(decoded, fragment)}…");
                return;
            }
        }
    }

    /// <summary>Undoes JSON string escapes: <c>\uXXXX</c> (any case) and the one-character escapes.</summary>
    public static string UnescapeJson(string text) => JsonEscape().Replace(text, m => m.Groups["hex"].Success
        ? ((char)Convert.ToInt32(m.Groups["hex"].Value, 16)).ToString()
        : m.Groups["char"].Value switch { "n" => "\n", "r" => "\r", "t" => "\t", "b" => "\b", "f" => "\f", var c => c });

    [GeneratedRegex("""\\(?:u(?<hex>[0-9A-Fa-f]{4})|(?<char>["\\/'bfnrt]))""")]
    private static partial Regex JsonEscape();

    public void Logs(string where, IEnumerable<FakeLogRecord> records)
    {
        foreach (var record in records)
        {
            var at = $"{where} log [{record.Category} #{record.Id.Id} {record.Level}]";
            Text($"{at} message", record.Message);
            Text($"{at} category", record.Category);
            Text($"{at} state", record.State?.ToString());
            foreach (var pair in record.StructuredState ?? [])
            {
                Text($"{at} state '{pair.Key}'", pair.Key + "=" + pair.Value);
            }

            // FakeLogger keeps a structured state as string pairs, anything else as the object itself.
            Value($"{at} state object", record.State);

            foreach (var scope in record.Scopes)
            {
                Value($"{at} scope", scope);
            }

            Exception($"{at} exception", record.Exception);
        }
    }

    public void Exception(string where, Exception? exception, int depth = 0)
    {
        if (exception is null || depth > 10)
        {
            return;
        }

        Text($"{where} ToString", exception.ToString());
        Text($"{where} Message", exception.Message);
        foreach (var property in exception.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is nameof(System.Exception.InnerException) or nameof(System.Exception.TargetSite))
            {
                continue;
            }

            object? value;
            try
            {
                value = property.GetValue(exception);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            Value($"{where} .{property.Name}", value);
        }

        foreach (DictionaryEntry entry in exception.Data)
        {
            Value($"{where} Data[{entry.Key}]", entry.Value);
        }

        if (exception is AggregateException aggregate)
        {
            for (var i = 0; i < aggregate.InnerExceptions.Count; i++)
            {
                Exception($"{where} inner[{i}]", aggregate.InnerExceptions[i], depth + 1);
            }
        }
        else
        {
            Exception($"{where} inner", exception.InnerException, depth + 1);
        }
    }

    public void Spans(string where, IEnumerable<Activity> spans)
    {
        foreach (var span in spans)
        {
            var at = $"{where} span [{span.Source.Name}: {span.OperationName}]";
            Text($"{at} name", span.OperationName + " " + span.DisplayName);
            Text($"{at} status", span.StatusDescription);
            Text($"{at} trace state", span.TraceStateString);
            foreach (var tag in span.TagObjects)
            {
                Value($"{at} tag '{tag.Key}'", tag.Value);
            }

            foreach (var item in span.Baggage)
            {
                Text($"{at} baggage '{item.Key}'", item.Key + "=" + item.Value);
            }

            foreach (var spanEvent in span.Events)
            {
                Text($"{at} event", spanEvent.Name);
                foreach (var tag in spanEvent.Tags)
                {
                    Value($"{at} event '{spanEvent.Name}' tag '{tag.Key}'", tag.Value);
                }
            }

            foreach (var link in span.Links)
            {
                foreach (var tag in link.Tags ?? [])
                {
                    Value($"{at} link tag '{tag.Key}'", tag.Value);
                }
            }
        }
    }

    public void Metrics(string where, IEnumerable<TelemetryRecorder.Measurement> measurements)
    {
        foreach (var measurement in measurements)
        {
            var at = $"{where} metric [{measurement.Meter}: {measurement.Instrument}]";
            Text($"{at} instrument", $"{measurement.Instrument} {measurement.Unit} {measurement.Source.Description}");
            foreach (var tag in measurement.Tags.Concat(measurement.Source.Tags ?? []).Concat(measurement.Source.Meter.Tags ?? []))
            {
                Value($"{at} tag '{tag.Key}'", tag.Value);
            }
        }
    }

    private void Value(string where, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                Text(where, text);
                return;
            case Exception exception:
                Exception(where, exception);
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var pair in pairs)
                {
                    Text(where, pair.Key);
                    Value($"{where} '{pair.Key}'", pair.Value);
                }

                return;
            case IEnumerable items and not IDictionary:
                foreach (var item in items)
                {
                    Value(where, item);
                }

                return;
            default:
                Text(where, value.ToString());
                return;
        }
    }

    private static string Around(string text, string fragment)
    {
        var at = text.IndexOf(fragment, StringComparison.Ordinal);
        var start = Math.Max(0, at - 40);
        return text.Substring(start, Math.Min(text.Length - start, fragment.Length + 80)).ReplaceLineEndings(" ");
    }
}
