using System.Text.Json;

namespace AuthKit.Tests.Serialization;

/// <summary>
/// Ids as Pica sends them: a number or a string, written back exactly as they came, through the
/// source-generated context (the SDK's wire path, Native AOT) and the reflection-based web options a
/// user's own serializer has.
/// </summary>
public sealed class PicaIdTests
{
    public static TheoryData<string> Ids => ["12", "12345678901234567890", "\"conn_plf_x\"", "-0", "1.0", "1e3", "\"\"", "\"12\"", "-9223372036854775808"];

    [Theory]
    [MemberData(nameof(Ids))]
    public void An_id_is_written_back_exactly_as_it_came(string json)
    {
        var row = $$"""{"id":{{json}},"connectionDefId":{{json}}}""";

        var generated = JsonSerializer.Deserialize(row, AuthKitJsonContext.Default.AuthKitConnection)!;
        var reflected = JsonSerializer.Deserialize<AuthKitConnection>(row, JsonSerializerOptions.Web)!;

        Assert.Equal(json, JsonSerializer.Serialize(generated.Id, AuthKitJsonContext.Default.Options));
        Assert.Equal(json, JsonSerializer.Serialize(reflected.ConnectionDefId, JsonSerializerOptions.Web));
        Assert.StartsWith($$"""{"id":{{json}},"connectionDefId":{{json}},""", JsonSerializer.Serialize(generated, AuthKitJsonContext.Default.AuthKitConnection), StringComparison.Ordinal);
        Assert.Equal(generated.Id, reflected.Id);
    }

    [Fact]
    public void A_number_that_fits_a_long_is_one_and_reads_as_its_digits()
    {
        var id = JsonSerializer.Deserialize<PicaId>("12", JsonSerializerOptions.Web);

        Assert.True(id.IsNumber);
        Assert.True(id.TryGetInt64(out var number));
        Assert.Equal(12, number);
        Assert.Equal("12", id.ToString());
        Assert.Equal((PicaId)12, id);
        Assert.Equal(PicaId.FromInt64(12).GetHashCode(), id.GetHashCode());
    }

    [Fact]
    public void A_number_too_big_for_a_long_keeps_its_digits_and_is_still_a_number()
    {
        var id = JsonSerializer.Deserialize<PicaId>("12345678901234567890", JsonSerializerOptions.Web);

        Assert.True(id.IsNumber);
        Assert.False(id.TryGetInt64(out _));
        Assert.Equal("12345678901234567890", id.ToString());
        Assert.NotEqual(PicaId.FromString("12345678901234567890"), id);
    }

    [Fact]
    public void A_string_id_is_a_string_and_never_equals_the_number_it_spells()
    {
        var id = JsonSerializer.Deserialize<PicaId>("\"12\"", JsonSerializerOptions.Web);

        Assert.False(id.IsNumber);
        Assert.False(id.TryGetInt64(out _));
        Assert.Equal("12", id.ToString());
        Assert.NotEqual((PicaId)12, id);
        Assert.True(id == "12");
        Assert.True(id != 12);
    }

    [Fact]
    public void Default_is_the_number_zero() =>
        Assert.Equal(("0", true, PicaId.FromInt64(0)), (default(PicaId).ToString(), default(PicaId).IsNumber, default(PicaId)));

    [Theory]
    [InlineData("""{"rows":[],"requestId":null}""")]
    [InlineData("""{"rows":[]}""")]
    public void A_null_or_absent_request_id_is_null_and_written_as_null(string json)
    {
        var token = JsonSerializer.Deserialize(json, AuthKitJsonContext.Default.AuthKitTokenResponse)!;
        var twin = JsonSerializer.Deserialize(json, AuthKitJsonContext.Default.PicaTokenPage)!.ToResponse();

        Assert.Null(token.RequestId);
        Assert.Null(twin.RequestId);
        Assert.Contains("\"requestId\":null", JsonSerializer.Serialize(token, AuthKitJsonContext.Default.AuthKitTokenResponse), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"rows":[],"requestId":"oauth_req_7"}""", "\"oauth_req_7\"")]
    [InlineData("""{"rows":[],"requestId":70001}""", "70001")]
    public void A_request_id_keeps_its_kind(string json, string expected)
    {
        var twin = JsonSerializer.Deserialize(json, AuthKitJsonContext.Default.PicaTokenPage)!.ToResponse();

        Assert.Contains($"\"requestId\":{expected}", JsonSerializer.Serialize(twin, AuthKitJsonContext.Default.AuthKitTokenResponse), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null", "null")]
    [InlineData("true", "a boolean")]
    [InlineData("{}", "an object")]
    [InlineData("[1]", "an array")]
    public void An_id_that_is_neither_a_number_nor_a_string_is_refused_naming_what_it_is(string json, string what)
    {
        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize($$"""{"id":{{json}}}""", AuthKitJsonContext.Default.PicaConnectionRow));

        Assert.Contains($"not {what}", error.Message, StringComparison.Ordinal);
        Assert.Equal("$.id", error.Path);
    }

    [Fact]
    public void A_null_string_is_refused_before_it_becomes_an_id()
    {
        Assert.Throws<ArgumentNullException>(() => PicaId.FromString(null!));
        Assert.Throws<ArgumentNullException>(() => (PicaId)(string)null!);
    }
}
