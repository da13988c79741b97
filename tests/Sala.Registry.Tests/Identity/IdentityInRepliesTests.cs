using System.Net;
using Sala.Protocol.Identity;

namespace Sala.Registry.Tests.Identity;

/// <summary>
/// Issue 16 item 3 on the registry's side: GET and LIST give the fingerprint of the identity a registration proved
/// (<c>id=</c>, the whole SHA-256 in base64url), and nothing for a plain REGISTER, so a seed client's reply is unchanged.
/// </summary>
public sealed class IdentityInRepliesTests
{
    [Fact]
    public async Task Get_and_list_give_the_proven_identity_and_nothing_for_a_plain_registration()
    {
        await using var server = RunningServer.Start();
        using var alice = IdentityKey.Create();
        await using var owner = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = alice });
        Assert.Equal(RegisterOutcome.Registered, await owner.RegisterAsync("alice", IPAddress.Parse("10.0.0.1"), 5000));
        await using var plain = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED bob", await plain.RequestAsync("REGISTER bob 10.0.0.2 6000"));

        Assert.Equal($"OK alice 10.0.0.1 5000 id={alice.Fingerprint.Text}", await plain.RequestAsync("GET ALICE"));
        Assert.Equal("OK bob 10.0.0.2 6000", await plain.RequestAsync("GET bob"));

        await using var asker = await RegistryClient.ConnectAsync(server.Address);
        Assert.Equal(alice.Fingerprint, (await asker.LookupAsync("alice"))!.Identity);
        Assert.Null((await asker.LookupAsync("bob"))!.Identity);
        var listed = await asker.ListAsync();
        Assert.Equal([alice.Fingerprint, null], listed.Select(r => r.Identity));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 33 bytes
    [InlineData("not base64url!")]
    public void A_fingerprint_that_is_not_32_bytes_of_base64url_is_not_read(string text) =>
        Assert.False(IdentityFingerprint.TryParse(text, out _));

    [Fact]
    public void A_fingerprint_reads_back_from_its_text()
    {
        using var key = IdentityKey.Create();

        Assert.True(IdentityFingerprint.TryParse(key.Fingerprint.Text, out var read));
        Assert.Equal(key.Fingerprint, read);
        Assert.Equal(43, key.Fingerprint.Text.Length);
    }
}
