using System.Net;
using System.Text;
using Sala.Protocol.Identity;

namespace Sala.Protocol.Tests.Identity;

/// <summary>
/// The texts a client signs to register or release a name, spelled out: label, nonce, then the registration, one per
/// line. A server of another version must rebuild the same bytes, and a signature for one must not fit the other.
/// </summary>
public sealed class RegistrationProofTests
{
    private static readonly byte[] Nonce = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    [Fact]
    public void A_registration_signs_its_label_nonce_name_address_and_port_one_per_line() =>
        Assert.Equal(
            "sala-register-v1\nAQIDBAUGBwgJCgsMDQ4PEA==\nalice\n192.0.2.7\n5000",
            Encoding.UTF8.GetString(RegistrationProof.Message(Nonce, "alice", IPAddress.Parse("192.0.2.7"), 5000)));

    [Fact]
    public void A_release_signs_its_own_label_the_nonce_and_the_name() =>
        Assert.Equal(
            "sala-release-v1\nAQIDBAUGBwgJCgsMDQ4PEA==\nalice",
            Encoding.UTF8.GetString(RegistrationProof.ReleaseMessage(Nonce, "alice")));
}
