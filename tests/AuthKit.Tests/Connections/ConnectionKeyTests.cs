namespace AuthKit.Tests.Connections;

public sealed class ConnectionKeyTests
{
    [Fact]
    public void A_key_with_an_identity_is_read_into_its_parts()
    {
        var key = PicaConnectionKey.Parse("test::resend::default::46f75762f34e4962bf5684760f0f9f0e|user_123");

        Assert.Equal(("test", "resend", "default", "46f75762f34e4962bf5684760f0f9f0e", "user_123"), (key.Environment, key.Platform, key.Namespace, key.Id, key.IdentitySuffix));
        Assert.Equal("test::resend::default::46f75762f34e4962bf5684760f0f9f0e|user_123", key.ToString());
    }

    [Fact]
    public void A_key_without_an_identity_has_no_suffix()
    {
        Assert.Null(PicaConnectionKey.Parse("live::gmail::default::af92").IdentitySuffix);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("prod::gmail::default::af92", "'live' or 'test'")]
    [InlineData("test::gmail::default", "expected 4")]
    [InlineData("test::::default::af92", "platform")]
    [InlineData("test::gmail::default::af92|", "identity after '|'")]
    [InlineData("test::gmail::default::af\n92", "control character")]
    public void A_malformed_key_is_a_FormatException_that_says_what_is_wrong(string text, string says)
    {
        var error = Assert.Throws<FormatException>(() => PicaConnectionKey.Parse(text));

        Assert.Contains(says, error.Message);
        Assert.False(PicaConnectionKey.TryParse(text, out _));
    }
}
