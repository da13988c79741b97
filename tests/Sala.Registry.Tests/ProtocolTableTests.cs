namespace Sala.Registry.Tests;

/// <summary>Every row of the MISSION.md section 2 table, spoken over raw TCP.</summary>
public sealed class ProtocolTableTests
{
    [Fact]
    public async Task Register_a_new_name_is_ok()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED alice", await client.RequestAsync("REGISTER alice 192.168.1.20 5000"));
    }

    [Fact]
    public async Task Register_a_taken_name_in_any_case_is_refused()
    {
        await using var server = RunningServer.Start();
        await using var first = await server.ConnectRawAsync();
        await using var second = await server.ConnectRawAsync();
        await first.RequestAsync("REGISTER Alice 192.168.1.20 5000");
        Assert.Equal("ERR NAME_TAKEN alice", await second.RequestAsync("REGISTER alice 192.168.1.21 5001"));
        Assert.Equal("ERR NAME_TAKEN ALICE", await second.RequestAsync("register ALICE 192.168.1.21 5001"));
    }

    [Fact]
    public async Task Get_is_case_insensitive_and_answers_the_name_as_registered()
    {
        await using var server = RunningServer.Start();
        await using var owner = await server.ConnectRawAsync();
        await using var asker = await server.ConnectRawAsync();
        await owner.RequestAsync("REGISTER João 192.168.1.20 5000");
        Assert.Equal("OK João 192.168.1.20 5000", await asker.RequestAsync("GET JOÃO"));
        Assert.Equal("OK João 192.168.1.20 5000", await asker.RequestAsync("get joa\u0303o"));
    }

    [Fact]
    public async Task Get_an_unknown_name_is_not_found()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        Assert.Equal("ERR NOT_FOUND nobody", await client.RequestAsync("GET nobody"));
    }

    [Fact]
    public async Task Register_keeps_an_ipv6_address()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        await client.RequestAsync("REGISTER six fe80::1 4000");
        Assert.Equal("OK six fe80::1 4000", await client.RequestAsync("GET six"));
    }

    [Fact]
    public async Task Disconnect_by_the_owner_says_bye_closes_and_forgets_the_user()
    {
        await using var server = RunningServer.Start();
        await using var owner = await server.ConnectRawAsync();
        await using var other = await server.ConnectRawAsync();
        await owner.RequestAsync("REGISTER alice 192.168.1.20 5000");
        Assert.Equal("OK BYE", await owner.RequestAsync("DISCONNECT ALICE"));
        Assert.Null(await owner.ReadLineAsync());
        Assert.Equal("ERR NOT_FOUND alice", await other.RequestAsync("GET alice"));
    }

    [Fact]
    public async Task Disconnect_by_anyone_else_is_refused_and_changes_nothing()
    {
        await using var server = RunningServer.Start();
        await using var owner = await server.ConnectRawAsync();
        await using var other = await server.ConnectRawAsync();
        await owner.RequestAsync("REGISTER alice 192.168.1.20 5000");
        Assert.Equal("ERR NOT_OWNER alice", await other.RequestAsync("DISCONNECT alice"));
        Assert.Equal("ERR NOT_OWNER ghost", await other.RequestAsync("DISCONNECT ghost"));
        Assert.Equal("OK alice 192.168.1.20 5000", await other.RequestAsync("GET alice"));
        Assert.Equal("PONG", await other.RequestAsync("PING"));
    }

    [Fact]
    public async Task List_gives_the_count_then_one_line_per_user()
    {
        await using var server = RunningServer.Start();
        await using var a = await server.ConnectRawAsync();
        await using var b = await server.ConnectRawAsync();
        Assert.Equal("OK 0", await a.RequestAsync("LIST"));
        await a.RequestAsync("REGISTER alice 10.0.0.1 5000");
        await b.RequestAsync("REGISTER bob 10.0.0.2 5002");
        Assert.Equal("OK 2", await a.RequestAsync("LIST"));
        var lines = new[] { await a.ReadLineAsync(), await a.ReadLineAsync() };
        Assert.Equal(["alice 10.0.0.1 5000", "bob 10.0.0.2 5002"], lines);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        Assert.Equal("PONG", await client.RequestAsync("PING"));
    }

    [Fact]
    public async Task Anything_else_is_a_bad_request_and_the_connection_stays_usable()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        var reply = await client.RequestAsync("HELLO there");
        Assert.StartsWith("ERR BAD_REQUEST ", reply, StringComparison.Ordinal);
        Assert.Equal("PONG", await client.RequestAsync("PING"));
    }

    [Fact]
    public async Task Crlf_line_endings_are_accepted()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        await client.SendRawAsync("PING\r\nGET x\r\n"u8.ToArray());
        Assert.Equal("PONG", await client.ReadLineAsync());
        Assert.Equal("ERR NOT_FOUND x", await client.ReadLineAsync());
    }
}
