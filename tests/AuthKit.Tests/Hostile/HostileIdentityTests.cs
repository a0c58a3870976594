using System.Text;
using System.Text.Json.Nodes;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Hostile;

/// <summary>
/// Identities from every corner of Unicode. The rule (TokenRequestValidator): what is visible text
/// is sent exactly as given (no normalization: NFC and NFD "é" are different identities to Pica);
/// what is invisible, controls, breaks Connection Keys (spaces, colons), is not valid text (lone
/// surrogates) or is not meant for interchange (noncharacters) is refused before anything is sent.
/// The cases are built in code: xunit re-encodes theory data, which would mend the broken ones.
/// </summary>
public sealed class HostileIdentityTests : IDisposable
{
    private readonly PicaStub _pica = new();

    public HostileIdentityTests() => _pica.ServeRows(ConnectionFaker.Rows(1, seed: 61));

    private static readonly Dictionary<string, (string Identity, string Reason)> Refused = new()
    {
        ["NUL"] = ("user\u00001", "a control character at index 4"),
        ["DEL"] = ("user\u007F1", "a control character"),
        ["NEL (C1 control)"] = ("user\u00851", "a control character"),
        ["ESC (terminal escape)"] = ("user\u001B[31m", "a control character"),
        ["zero-width space"] = ("user\u200B1", "invisible formatting"),
        ["zero-width non-joiner"] = ("user\u200C1", "invisible formatting"),
        ["zero-width joiner in an emoji family"] = ("\U0001F468\u200D\U0001F469\u200D\U0001F467", "invisible formatting character (such as a zero-width or direction mark) at index 2"),
        ["word joiner"] = ("user\u20601", "invisible formatting"),
        ["byte order mark"] = ("\uFEFFuser1", "invisible formatting character (such as a zero-width or direction mark) at index 0"),
        ["soft hyphen"] = ("us\u00ADer1", "invisible formatting"),
        ["right-to-left mark"] = ("user\u200F1", "invisible formatting"),
        ["right-to-left override"] = ("user\u202Egnp.exe", "invisible formatting"),
        ["right-to-left isolate"] = ("user\u20671\u2069", "invisible formatting"),
        ["Arabic letter mark"] = ("\u0645\u061C1", "invisible formatting"),
        ["tag characters (invisible ASCII smuggling)"] = ("user\U000E0041\U000E0042", "invisible formatting"),
        ["interlinear annotation"] = ("user\uFFF91", "invisible formatting"),
        ["line separator"] = ("user\u20281", "white space"),
        ["paragraph separator"] = ("user\u20291", "white space"),
        ["ogham space"] = ("user\u16801", "white space"),
        ["noncharacter U+FFFE"] = ("user\uFFFE", "noncharacter"),
        ["noncharacter U+FFFF"] = ("user\uFFFF1", "noncharacter"),
        ["noncharacter U+FDD0"] = ("user\uFDD01", "noncharacter"),
        ["noncharacter U+1FFFE"] = ("user\U0001FFFE", "noncharacter"),
        ["noncharacter U+10FFFF"] = ("user\U0010FFFF", "noncharacter"),
        ["lone high surrogate at the end"] = ("user" + '\uD83D', "unpaired surrogate"),
        ["lone low surrogate at the start"] = ('\uDE80' + "user", "unpaired surrogate"),
    };

    private static readonly Dictionary<string, string> Accepted = new()
    {
        ["emoji with skin tone"] = "user_\U0001F44D\U0001F3FD",
        ["flag (regional indicators)"] = "team_\U0001F1EB\U0001F1F7",
        ["keycap (variation selector + enclosing mark)"] = "room_1\uFE0F\u20E3",
        ["Hebrew (right-to-left letters)"] = "\u05DE\u05E9\u05EA\u05DE\u05E9_42",
        ["Arabic (right-to-left letters)"] = "\u0645\u0633\u062A\u062E\u062F\u0645_42",
        ["precomposed e-acute (NFC)"] = "Jos\u00E9",
        ["e + combining acute (NFD)"] = "Jose\u0301",
        ["stacked combining marks"] = "a" + string.Concat(Enumerable.Repeat("\u0301\u0316\u0337", 30)),
        ["CJK"] = "\u7528\u6237_42",
        ["CJK extension B (outside the BMP)"] = "\U00020000\U00020001",
        ["private use (BMP)"] = "user_\uE000",
        ["private use (plane 15)"] = "user_\U000F0000",
        ["unassigned code point, not a noncharacter"] = "user_\u0378",
        ["replacement character"] = "user_\uFFFD",
        ["fullwidth Latin"] = "\uFF55\uFF53\uFF45\uFF52",
        ["mathematical bold"] = "\U0001D42E\U0001D42C\U0001D41E\U0001D42B",
        ["128 emoji: 256 UTF-16 units, the limit"] = string.Concat(Enumerable.Repeat("\U0001F680", 128)),
    };

    public static TheoryData<string> RefusedCases => new(Refused.Keys);

    public static TheoryData<string> AcceptedCases => new(Accepted.Keys);

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task Invisible_control_broken_or_reserved_characters_are_refused_before_anything_is_sent(string name)
    {
        var (identity, reason) = Refused[name];

        var error = await DocumentedExceptions.CatchAsync(() => _pica.Client().CreateAsync(identity, IdentityType.User));

        var argument = Assert.IsType<ArgumentException>(error);
        Assert.Equal("request", argument.ParamName);
        Assert.Contains(reason, argument.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(identity, argument.Message, StringComparison.Ordinal); // personal data, and the very characters at issue
        Assert.Empty(_pica.Requests);
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public async Task Visible_text_from_any_script_is_sent_exactly_as_given(string name)
    {
        var identity = Accepted[name];

        var token = await _pica.Client().CreateAsync(identity, IdentityType.User);

        Assert.Single(token.Rows);
        var request = Assert.Single(_pica.PageRequests());
        var sent = (string?)JsonNode.Parse(request.Body!)!["identity"];
        Assert.Equal(identity, sent, StringComparer.Ordinal); // not normalized, not re-encoded
    }

    [Fact]
    public async Task NFC_and_NFD_forms_are_two_identities_on_the_wire()
    {
        var client = _pica.Client();

        await client.CreateAsync("Jos\u00E9", IdentityType.User);
        await client.CreateAsync("Jose\u0301", IdentityType.User);

        var sent = _pica.PageRequests().Select(r => Encoding.UTF8.GetBytes((string)JsonNode.Parse(r.Body!)!["identity"]!)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.NotEqual(sent[0], sent[1]);
    }

    [Fact]
    public async Task One_emoji_more_than_the_limit_is_refused_by_length()
    {
        var identity = string.Concat(Enumerable.Repeat("\U0001F680", 129)); // 258 UTF-16 units

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _pica.Client().CreateAsync(identity, IdentityType.User));

        Assert.Contains("258 characters", error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.Requests);
    }

    [Theory]
    [InlineData('a')]
    [InlineData('\0')]
    [InlineData(':')]
    public async Task A_1_MB_identity_is_refused_by_its_length_before_its_content_is_read(char filler)
    {
        // The odd character first: were the content scanned before the length, the error would name it.
        var identity = filler + new string('a', (1024 * 1024) - 1);

        var error = await DocumentedExceptions.CatchAsync(() => _pica.Client().CreateAsync(identity, IdentityType.User));

        var argument = Assert.IsType<ArgumentException>(error);
        Assert.Contains("1048576 characters long; at most 256", argument.Message, StringComparison.Ordinal);
        Assert.True(argument.Message.Length < 300, "the message must not carry the identity");
        Assert.Empty(_pica.Requests);
    }

    [Fact]
    public void A_1_MB_identity_is_refused_by_the_blocking_Create_too()
    {
        var error = Assert.Throws<ArgumentException>(() => _pica.Client().Create(new string('x', 1024 * 1024), IdentityType.User));

        Assert.Contains("characters long", error.Message, StringComparison.Ordinal);
        Assert.Empty(_pica.Requests);
    }

    public void Dispose() => _pica.Dispose();
}
