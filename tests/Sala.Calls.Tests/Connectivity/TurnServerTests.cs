using Sala.Calls.Connectivity;

namespace Sala.Calls.Tests.Connectivity;

public sealed class TurnServerTests
{
    [Theory]
    [InlineData("turn:alice:s3cret@relay.example.org:3479", "relay.example.org", 3479, "alice", "s3cret")]
    [InlineData("turn:alice:s3cret@relay.example.org", "relay.example.org", 3478, "alice", "s3cret")]
    [InlineData("turn:1700000000:bob:pa:ss@198.51.100.20:3478", "198.51.100.20", 3478, "1700000000", "bob:pa:ss")]
    [InlineData("TURN:u:p@[2001:db8::20]:3478", "2001:db8::20", 3478, "u", "p")]
    [InlineData("turn:u:p@2001:db8::20", "2001:db8::20", 3478, "u", "p")]
    public void A_relay_is_given_as_turn_user_password_at_host_and_port(string text, string host, int port, string user, string password)
    {
        Assert.True(TurnServer.TryParse(text, out var server, out var error), error);
        Assert.Equal(new TurnServer(host, port, user, password), server);
    }

    [Theory]
    [InlineData("relay.example.org:3478")]
    [InlineData("turn:relay.example.org:3478")]
    [InlineData("turn:alice@relay.example.org")]
    [InlineData("turn:alice:@relay.example.org")]
    [InlineData("turn:alice:pw@relay.example.org:0")]
    [InlineData("turn:alice:pw@relay.example.org:70000")]
    [InlineData("turn:alice:pw@")]
    public void Anything_else_is_refused_with_the_expected_form(string text)
    {
        Assert.False(TurnServer.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
