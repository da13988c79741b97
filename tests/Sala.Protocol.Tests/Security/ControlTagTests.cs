using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Tests.Security;

public sealed class ControlTagTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void A_signed_message_verifies_after_a_trip_over_the_wire()
    {
        var signed = ControlTag.Sign(SignalingMessage.Hangup("c1", SignalingReason.Hangup), Key);
        Assert.True(SignalingMessage.TryParse(signed.ToBytes(), out var received, out _));
        Assert.True(ControlTag.Verify(received!, Key));
    }

    [Fact]
    public void A_changed_message_a_wrong_key_or_no_tag_do_not_verify()
    {
        var signed = ControlTag.Sign(SignalingMessage.Hangup("c1", SignalingReason.Hangup), Key);
        Assert.False(ControlTag.Verify(signed with { CallId = "c2" }, Key));
        Assert.False(ControlTag.Verify(signed with { Reason = SignalingReason.Timeout }, Key));
        Assert.False(ControlTag.Verify(signed, Key.Reverse().ToArray()));
        Assert.False(ControlTag.Verify(SignalingMessage.Hangup("c1", SignalingReason.Hangup), Key));
    }

    [Fact]
    public void Signing_twice_replaces_the_tag_rather_than_adding_one()
    {
        var once = ControlTag.Sign(SignalingMessage.Callback("c1"), Key);
        var twice = ControlTag.Sign(once, Key);
        Assert.Equal(once.ToString(), twice.ToString());
    }
}
