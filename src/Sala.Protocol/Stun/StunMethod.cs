namespace Sala.Protocol.Stun;

/// <summary>The STUN methods Sala speaks: Binding (RFC 8489) and TURN's (RFC 8656 §18).</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
    Allocate = 0x003,
    Refresh = 0x004,
    Send = 0x006,
    Data = 0x007,
    CreatePermission = 0x008,
    ChannelBind = 0x009,
}
