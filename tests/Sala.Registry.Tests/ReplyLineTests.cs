namespace Sala.Registry.Tests;

public sealed class ReplyLineTests
{
    [Theory]
    [InlineData("OK REGISTERED alice", true)]
    [InlineData("ERR NOT_FOUND bob", true)]
    [InlineData("PONG", true)]
    [InlineData("BYE SHUTDOWN", false)]
    [InlineData("NOTICE maintenance at noon", false)]
    public void Replies_are_told_apart_from_unsolicited_lines(string text, bool isReply) =>
        Assert.Equal(isReply, Sala.Protocol.Registry.RegistryReplyLine.Parse(text).IsReply);

    [Fact]
    public void Bye_is_recognised_only_as_an_unsolicited_line()
    {
        Assert.True(Sala.Protocol.Registry.RegistryReplyLine.Parse("BYE SHUTDOWN").IsBye);
        Assert.False(Sala.Protocol.Registry.RegistryReplyLine.Parse("OK BYE").IsBye);
    }
}
