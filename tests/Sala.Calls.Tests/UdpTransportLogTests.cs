using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sala.Calls.Transport;

namespace Sala.Calls.Tests;

/// <summary>Errors the UDP port survives are counted and logged once each, with their cause.</summary>
public sealed class UdpTransportLogTests
{
    [Fact]
    public async Task A_handler_that_throws_is_logged_once_at_error_with_the_exception_and_the_port_goes_on()
    {
        var log = new RecordingRegistryLog();
        await using var transport = UdpDatagramTransport.Bind(0, log);
        var second = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Start((datagram, _, _) =>
        {
            if (datagram[0] == (byte)'x')
                throw new InvalidOperationException("handler bug");
            second.TrySetResult(datagram.Length);
        });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var to = new IPEndPoint(IPAddress.Loopback, transport.LocalEndPoint.Port);
        sender.SendTo("x-first"u8, to);
        sender.SendTo("second"u8, to);

        Assert.Equal(6, await second.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, transport.ReceiveErrors);
        var logged = Assert.Single(log.Events);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Contains("a datagram of 7 bytes from 127.0.0.1:", logged.Line, StringComparison.Ordinal);
    }
}
