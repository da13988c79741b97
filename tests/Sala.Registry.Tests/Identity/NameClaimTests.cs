using System.Buffers.Text;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sala.Protocol.Identity;

namespace Sala.Registry.Tests.Identity;

/// <summary>
/// Issue 16 item 2 through a real server: a name registered with proof of an identity key is claimed by that key;
/// while the claim lasts nobody else registers it, owner online or not, and a proof is good for one nonce only.
/// </summary>
public sealed class NameClaimTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_claimed_name_is_refused_to_anyone_else_while_its_owner_is_offline_and_registered_again_by_its_owner()
    {
        await using var server = RunningServer.Start();
        using var alice = IdentityKey.Create();
        using var mallory = IdentityKey.Create();

        await using (var owner = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = alice }))
        {
            Assert.Equal(RegisterOutcome.Registered, await owner.RegisterAsync("alice", IPAddress.Loopback, 5000));
            await owner.DisconnectAsync("alice");
        }

        await using var impostor = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = mallory });
        Assert.Equal(RegisterOutcome.NameClaimed, await impostor.RegisterAsync("Alice", IPAddress.Loopback, 6000));
        await using var plain = await server.ConnectRawAsync();
        var refused = await plain.RequestAsync("REGISTER alice 10.0.0.9 6000");
        Assert.StartsWith("ERR NAME_CLAIMED alice belongs to another identity (", refused, StringComparison.Ordinal);
        Assert.Contains(alice.Fingerprint.Words, refused, StringComparison.Ordinal);

        await using var back = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = alice });
        Assert.Equal(RegisterOutcome.Registered, await back.RegisterAsync("alice", IPAddress.Loopback, 5001));
        // Unclaimed names still register as the seed did.
        Assert.Equal("OK REGISTERED bob", await plain.RequestAsync("REGISTER bob 10.0.0.9 6000"));
    }

    [Fact]
    public async Task A_proof_is_good_for_one_nonce_only_and_a_recorded_one_is_refused()
    {
        await using var server = RunningServer.Start();
        using var alice = IdentityKey.Create();
        await using var first = await server.ConnectRawAsync();
        Assert.StartsWith("ERR BAD_PROOF ask NONCE first", await first.RequestAsync(Register(alice, new byte[16], "alice")), StringComparison.Ordinal);

        var nonce = Base64Url.DecodeFromChars((await first.RequestAsync("NONCE"))!.AsSpan("OK NONCE ".Length));
        var recorded = Register(alice, nonce, "alice");
        Assert.Equal("OK REGISTERED alice", await first.RequestAsync(recorded));
        // Used up, even by a proof that worked: the same line again on the same connection.
        Assert.StartsWith("ERR BAD_PROOF", await first.RequestAsync(recorded), StringComparison.Ordinal);
        Assert.Equal("OK BYE", await first.RequestAsync("DISCONNECT alice"));

        // On another connection, and after another NONCE there.
        await using var second = await server.ConnectRawAsync();
        Assert.StartsWith("ERR BAD_PROOF", await second.RequestAsync(recorded), StringComparison.Ordinal);
        Assert.StartsWith("OK NONCE ", await second.RequestAsync("NONCE"), StringComparison.Ordinal);
        Assert.StartsWith("ERR BAD_PROOF", await second.RequestAsync(recorded), StringComparison.Ordinal);
        // A signature over another name is no proof for this one.
        var fresh = Base64Url.DecodeFromChars((await second.RequestAsync("NONCE"))!.AsSpan("OK NONCE ".Length));
        Assert.StartsWith("ERR BAD_PROOF", await second.RequestAsync(Register(alice, fresh, "alice", signedName: "alicia")), StringComparison.Ordinal);
        // Nobody registered it meanwhile; the owner still can, with a fresh nonce.
        var last = Base64Url.DecodeFromChars((await second.RequestAsync("NONCE"))!.AsSpan("OK NONCE ".Length));
        Assert.Equal("OK REGISTERED alice", await second.RequestAsync(Register(alice, last, "alice")));
    }

    [Fact]
    public async Task A_claim_lapses_when_its_owner_has_not_registered_the_name_for_the_claim_ttl()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = RunningServer.Start(time, configure: o => o with { ClaimTtl = TimeSpan.FromDays(180) });
        using var alice = IdentityKey.Create();
        using var bob = IdentityKey.Create();
        await using (var owner = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = alice }, time))
        {
            Assert.Equal(RegisterOutcome.Registered, await owner.RegisterAsync("alice", IPAddress.Loopback, 5000));
            await owner.DisconnectAsync("alice");
        }

        // The server closes connections idle for a minute: each try connects anew after the clock moved.
        time.Advance(TimeSpan.FromDays(179));
        await using (var early = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = bob }, time))
            Assert.Equal(RegisterOutcome.NameClaimed, await early.RegisterAsync("alice", IPAddress.Loopback, 6000));
        time.Advance(TimeSpan.FromDays(2));
        await using var late = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = bob }, time);
        Assert.Equal(RegisterOutcome.Registered, await late.RegisterAsync("alice", IPAddress.Loopback, 6000));
    }

    [Fact]
    public async Task Claims_kept_in_the_data_file_survive_a_restart_of_the_server()
    {
        var folder = Directory.CreateTempSubdirectory("sala-claims-");
        var file = Path.Combine(folder.FullName, "claims.db");
        try
        {
            await ClaimThenRestartAsync(file);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task ClaimThenRestartAsync(string file)
    {
        using var alice = IdentityKey.Create();
        using var mallory = IdentityKey.Create();
        using (var claims = new SqliteNameClaims(file, RegistryServerOptions.DefaultClaimTtl, TimeProvider.System))
        {
            await using var server = RunningServer.Start(configure: o => o with { NameClaims = claims });
            await using var owner = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = alice });
            Assert.Equal(RegisterOutcome.Registered, await owner.RegisterAsync("alice", IPAddress.Loopback, 5000));
        }

        using (var reopened = new SqliteNameClaims(file, RegistryServerOptions.DefaultClaimTtl, TimeProvider.System))
        {
            await using var restarted = RunningServer.Start(configure: o => o with { NameClaims = reopened });
            await using var impostor = await RegistryClient.ConnectAsync(restarted.Address, new RegistryClientOptions { Identity = mallory });
            Assert.Equal(RegisterOutcome.NameClaimed, await impostor.RegisterAsync("alice", IPAddress.Loopback, 6000));
            await using var owner = await RegistryClient.ConnectAsync(restarted.Address, new RegistryClientOptions { Identity = alice });
            Assert.Equal(RegisterOutcome.Registered, await owner.RegisterAsync("alice", IPAddress.Loopback, 5000));
            Assert.Equal(ReleaseOutcome.Released, await owner.ReleaseClaimAsync("alice"));
            await owner.DisconnectAsync("alice");
        }

        // Released is as durable as claimed.
        using (var again = new SqliteNameClaims(file, RegistryServerOptions.DefaultClaimTtl, TimeProvider.System))
        {
            await using var restarted = RunningServer.Start(configure: o => o with { NameClaims = again });
            await using var newcomer = await RegistryClient.ConnectAsync(restarted.Address, new RegistryClientOptions { Identity = mallory });
            Assert.Equal(RegisterOutcome.Registered, await newcomer.RegisterAsync("alice", IPAddress.Loopback, 6000));
        }
    }

    [Fact]
    public async Task Only_the_claiming_key_releases_a_claim_once_per_nonce_and_the_name_is_then_free()
    {
        await using var server = RunningServer.Start();
        using var alice = IdentityKey.Create();
        using var mallory = IdentityKey.Create();
        await using var owner = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = alice });
        Assert.Equal(RegisterOutcome.Registered, await owner.RegisterAsync("alice", IPAddress.Loopback, 5000));
        await using var other = await RegistryClient.ConnectAsync(server.Address, new RegistryClientOptions { Identity = mallory });

        Assert.Equal(ReleaseOutcome.OtherKey, await other.ReleaseClaimAsync("alice"));
        Assert.Equal(ReleaseOutcome.NotClaimed, await other.ReleaseClaimAsync("nobody"));
        await using var raw = await server.ConnectRawAsync();
        Assert.StartsWith("ERR BAD_PROOF ask NONCE first", await raw.RequestAsync(Release(alice, new byte[16], "alice")), StringComparison.Ordinal);
        var nonce = Base64Url.DecodeFromChars((await raw.RequestAsync("NONCE"))!.AsSpan("OK NONCE ".Length));
        var recorded = Release(alice, nonce, "alice");
        Assert.Equal("OK RELEASED alice", await raw.RequestAsync(recorded));
        Assert.StartsWith("ERR BAD_PROOF", await raw.RequestAsync(recorded), StringComparison.Ordinal);

        await owner.DisconnectAsync("alice");
        Assert.Equal(RegisterOutcome.Registered, await other.RegisterAsync("alice", IPAddress.Loopback, 6000));
    }

    private static string Release(IdentityKey key, byte[] nonce, string name) =>
        $"RELEASE {name} key={Base64Url.EncodeToString(key.PublicKey)} sig={Base64Url.EncodeToString(key.Sign(RegistrationProof.ReleaseMessage(nonce, name)))}";

    private static string Register(IdentityKey key, byte[] nonce, string name, string? signedName = null)
    {
        var signature = key.Sign(RegistrationProof.Message(nonce, signedName ?? name, IPAddress.Parse("10.0.0.1"), 5000));
        return $"REGISTER {name} 10.0.0.1 5000 key={Base64Url.EncodeToString(key.PublicKey)} sig={Base64Url.EncodeToString(signature)}";
    }
}
