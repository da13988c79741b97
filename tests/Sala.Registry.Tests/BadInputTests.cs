using System.Text;

namespace Sala.Registry.Tests;

public sealed class BadInputTests
{
    [Theory]
    [InlineData("FROB alice")]
    [InlineData("REGISTER alice 127.0.0.1")]
    [InlineData("REGISTER alice 127.0.0.1 5000 extra")]
    [InlineData("REGISTER alice 300.1.1.1 5000")]
    [InlineData("REGISTER alice 127.0.0.1 0")]
    [InlineData("REGISTER alice 127.0.0.1 70000")]
    [InlineData("REGISTER al/ice 127.0.0.1 5000")]
    [InlineData("REGISTER abcdefghijklmnopqrstuvwxyz0123456 127.0.0.1 5000")]
    [InlineData("GET")]
    [InlineData("GET a b")]
    [InlineData("")]
    public async Task Bad_requests_are_refused_and_the_connection_stays_usable(string line)
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        Assert.StartsWith("ERR BAD_REQUEST ", await client.RequestAsync(line), StringComparison.Ordinal);
        Assert.Equal("PONG", await client.RequestAsync("PING"));
        Assert.Equal(0, server.Store.Count);
    }

    [Fact]
    public async Task Invalid_utf8_and_binary_garbage_are_bad_requests()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        await client.SendRawAsync([0x47, 0x45, 0x54, 0x20, 0xC3, 0x28, 0x0A, 0x00, 0xFF, 0x01, 0x0A]);
        Assert.StartsWith("ERR BAD_REQUEST ", await client.ReadLineAsync(), StringComparison.Ordinal);
        Assert.StartsWith("ERR BAD_REQUEST ", await client.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Equal("PONG", await client.RequestAsync("PING"));
    }

    [Fact]
    public async Task An_overlong_line_is_refused_and_the_connection_closed_without_disturbing_others()
    {
        await using var server = RunningServer.Start();
        await using var bystander = await server.ConnectRawAsync();
        await bystander.RequestAsync("REGISTER calm 127.0.0.1 5000");
        await using var client = await server.ConnectRawAsync();
        await client.SendRawAsync(Encoding.ASCII.GetBytes(new string('A', 4096)));
        Assert.StartsWith("ERR BAD_REQUEST line longer than 512", await client.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Null(await client.ReadLineAsync());
        Assert.Equal("OK calm 127.0.0.1 5000", await bystander.RequestAsync("GET calm"));
    }

    [Fact]
    public async Task Ten_thousand_random_lines_leave_the_server_answering_ping()
    {
        await using var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        var random = new Random(20261126);
        const int lines = 10_000;
        var expectedReplies = 0;
        var batch = new List<byte>();
        for (var i = 0; i < lines; i++)
        {
            var line = new byte[random.Next(0, 200)];
            random.NextBytes(line);
            for (var j = 0; j < line.Length; j++)
            {
                if (line[j] == (byte)'\n')
                    line[j] = (byte)' ';
            }
            batch.AddRange(line);
            batch.Add((byte)'\n');
            expectedReplies++;
            if (batch.Count > 16_000 || i == lines - 1)
            {
                await client.SendRawAsync([.. batch]);
                batch.Clear();
                for (; expectedReplies > 0; expectedReplies--)
                    Assert.StartsWith("ERR BAD_REQUEST ", await client.ReadLineAsync(), StringComparison.Ordinal);
            }
        }
        Assert.Equal("PONG", await client.RequestAsync("PING"));
        await using var fresh = await server.ConnectRawAsync();
        Assert.Equal("PONG", await fresh.RequestAsync("PING"));
    }
}
