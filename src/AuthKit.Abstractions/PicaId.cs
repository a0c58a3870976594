using System.Globalization;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// An id as Pica sent it: a JSON number (<c>12</c>) or a JSON string (<c>"conn_plf_…"</c>). Pica's ids
/// changed from numbers to prefixed strings before, and the Node SDK passes either through untouched;
/// this type does the same. Serialized back it is exactly what came: a string stays a string, a number
/// stays the same number (as written, also one too large for <see cref="long"/>). <c>default</c> is the number 0.
/// </summary>
/// <remarks>
/// A number and a string are different ids even when they read the same: <c>12</c> is not <c>"12"</c>.
/// </remarks>
[JsonConverter(typeof(PicaIdJsonConverter))]
public readonly struct PicaId : IEquatable<PicaId>
{
    // Two fields, so that the id is as small as it can be (rows hold two): with no text, _number is the id;
    // with text, the text is a string id (_number StringId) or the JSON text of a number that is not a
    // plain long, too large or a fraction (_number RawNumberText).
    private const long StringId = 0;
    private const long RawNumberText = 1;

    private readonly long _number;
    private readonly string? _text;

    /// <summary>A number id.</summary>
    /// <param name="number">The number.</param>
    public PicaId(long number)
    {
        _number = number;
        _text = null;
    }

    /// <summary>A string id.</summary>
    /// <param name="value">The string, as Pica sends it (e.g. <c>conn_plf_…</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public PicaId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _number = StringId;
        _text = value;
    }

    private PicaId(string text, long kind)
    {
        _number = kind;
        _text = text;
    }

    /// <summary>Whether Pica sent the id as a JSON number (<see langword="false"/>: a JSON string).</summary>
    public bool IsNumber => _text is null || _number == RawNumberText;

    /// <summary>A number id (the named alternative to the implicit conversion).</summary>
    /// <param name="number">The number.</param>
    /// <returns>The id.</returns>
    public static PicaId FromInt64(long number) => new(number);

    /// <summary>A string id (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The string.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static PicaId FromString(string value) => new(value);

    /// <summary>A number id.</summary>
    /// <param name="number">The number.</param>
    public static implicit operator PicaId(long number) => new(number);

    /// <summary>A string id.</summary>
    /// <param name="value">The string.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static implicit operator PicaId(string value) => new(value);

    /// <summary>Whether two ids are the same: same kind (number or string) and same value as sent.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(PicaId left, PicaId right) => left.Equals(right);

    /// <summary>Whether two ids differ.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(PicaId left, PicaId right) => !left.Equals(right);

    /// <summary>The number, when the id is a JSON number that fits a <see cref="long"/>.</summary>
    /// <param name="value">The number; 0 otherwise.</param>
    /// <returns><see langword="true"/> for a number id within <see cref="long"/>; <see langword="false"/> for a string id or a larger number.</returns>
    public bool TryGetInt64(out long value)
    {
        value = _text is null ? _number : 0;
        return _text is null;
    }

    /// <inheritdoc/>
    public bool Equals(PicaId other) =>
        _number == other._number && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PicaId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_number, _text is null ? 0 : StringComparer.Ordinal.GetHashCode(_text));

    /// <summary>The id as text: the string of a string id, the number's digits as sent for a number id (no quotes).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _text ?? _number.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number as its JSON text, for numbers that are not a plain <see cref="long"/>; the text comes from a JSON reader.</summary>
    internal static PicaId FromJsonNumber(string jsonNumber) => new(jsonNumber, RawNumberText);

    /// <summary>The JSON text of a number that is not a plain <see cref="long"/>, or <see langword="null"/>.</summary>
    internal string? RawNumber => _text is not null && _number == RawNumberText ? _text : null;
}
