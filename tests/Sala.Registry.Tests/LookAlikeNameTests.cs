namespace Sala.Registry.Tests;

/// <summary>
/// Issue 16 item 5 over raw TCP: a name mixing scripts the way impersonators do is refused with a reason, and a name
/// made of another's look-alikes is that name (taken while it is, found by GET).
/// </summary>
public sealed class LookAlikeNameTests
{
    // ѕсоре: Cyrillic dze, es, o, er, ie; every letter a copy of a Latin one.
    private const string CyrillicScope = "\u0455\u0441\u043e\u0440\u0435";

    [Fact]
    public async Task A_latin_name_with_a_cyrillic_letter_is_refused_with_the_reason()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();

        Assert.Equal(
            "ERR BAD_REQUEST name mixes letters of scripts that look alike (such as Latin with Cyrillic or Greek)",
            await client.RequestAsync("REGISTER \u0430lice 192.168.1.20 5000"));
        Assert.Equal("OK REGISTERED alice", await client.RequestAsync("REGISTER alice 192.168.1.20 5000"));
    }

    [Fact]
    public async Task A_name_made_of_look_alikes_of_a_registered_name_is_taken_and_finds_the_real_one()
    {
        await using var server = RunningServer.Start();
        await using var owner = await server.ConnectRawAsync();
        await using var impostor = await server.ConnectRawAsync();
        await owner.RequestAsync("REGISTER scope 192.168.1.20 5000");

        Assert.Equal($"ERR NAME_TAKEN {CyrillicScope}", await impostor.RequestAsync($"REGISTER {CyrillicScope} 192.168.1.66 6666"));
        Assert.Equal("OK scope 192.168.1.20 5000", await impostor.RequestAsync($"GET {CyrillicScope}"));
    }

    [Fact]
    public async Task A_name_of_one_other_script_that_imitates_nothing_registered_is_its_own()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();

        Assert.Equal($"OK REGISTERED {CyrillicScope}", await client.RequestAsync($"REGISTER {CyrillicScope} 192.168.1.20 5000"));
        Assert.Equal("ERR NAME_TAKEN SCOPE", await client.RequestAsync("REGISTER SCOPE 192.168.1.20 5001"));
    }
}
