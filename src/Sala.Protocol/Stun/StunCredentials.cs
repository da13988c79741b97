using System.Security.Cryptography;
using System.Text;

namespace Sala.Protocol.Stun;

/// <summary>The keys MESSAGE-INTEGRITY is computed with (RFC 8489 §9.2).</summary>
public static class StunCredentials
{
    /// <summary>Short-term credentials (ICE connectivity checks): the password itself.</summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>
    /// Long-term credentials (TURN): MD5(username ":" realm ":" password). The password is used as given: OpaqueString
    /// preparation (RFC 8265) changes nothing for the ASCII credentials TURN REST servers hand out.
    /// </summary>
    public static byte[] LongTermKey(string username, string realm, string password)
    {
#pragma warning disable CA5351 // RFC 8489 §9.2.2 fixes MD5 for this key (coturn offers nothing else); not our choice.
        return MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{password}"));
#pragma warning restore CA5351
    }
}
