using Sala.Registry.Redis;

namespace Sala.Registry.Tests;

public sealed class RedisStoreAddressTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6380", "127.0.0.1", 6380, 0)]
    [InlineData("redis://cache.lan:6379/3", "cache.lan", 6379, 3)]
    [InlineData("redis://cache.lan", "cache.lan", 6379, 0)]
    [InlineData("REDIS://cache.lan/2", "cache.lan", 6379, 2)]
    [InlineData("redis://[::1]:7000/1", "::1", 7000, 1)]
    public void Store_urls_parse_as_typed(string text, string host, int port, int database)
    {
        Assert.True(RedisStoreAddress.TryParse(text, out var address, out var whyNot), whyNot);
        Assert.Equal(new RedisStoreAddress(host, port, database), address);
    }

    [Theory]
    [InlineData("", "'' is not redis://HOST:PORT[/DB]")]
    [InlineData("127.0.0.1:6379", "'127.0.0.1:6379' is not redis://HOST:PORT[/DB]")]
    [InlineData("redis://", "'redis://': the server address is empty")]
    [InlineData("redis://host:port", "'redis://host:port': 'port' is not a port (1 to 65535)")]
    [InlineData("redis://host:6379/x", "'redis://host:6379/x': the database after '/' must be a number such as 0")]
    [InlineData("redis://user:pw@host:6379", "'redis://user:pw@host:6379': credentials in the URL are not supported")]
    public void Bad_store_urls_are_explained_in_one_line(string text, string expected)
    {
        Assert.False(RedisStoreAddress.TryParse(text, out _, out var whyNot));
        Assert.Equal(expected, whyNot);
    }

    [Fact]
    public void The_url_prints_back_as_it_parses()
    {
        Assert.Equal("redis://[::1]:7000/1", new RedisStoreAddress("::1", 7000, 1).ToString());
        Assert.Equal("redis://cache.lan:6379", new RedisStoreAddress("cache.lan", 6379, 0).ToString());
    }
}
