using System.Net;
using System.Threading.Channels;
using Sala.Calls.Devices;
using Sala.Cli.Client;
using Sala.Registry;

namespace Sala.Cli.Tests;

/// <summary>The interactive flow of item 1, typed key by key into the real client loop, read from its console.</summary>
public sealed class InteractiveClientTests
{
    [Fact]
    public async Task Register_call_accept_refuse_zero_in_call_hang_up_and_disconnect()
    {
        await using var server = new RegistryServer(new RegistryServerOptions { Bind = IPAddress.Loopback, Port = 0 },
            new InMemoryRegistryStore(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        server.Start();
        var registry = new RegistryAddress("127.0.0.1", server.LocalEndPoint.Port);
        var alice = new Person(registry, name: null);
        var bob = new Person(registry, name: "bob");
        var aliceRun = alice.App.RunAsync(CancellationToken.None);
        var bobRun = bob.App.RunAsync(CancellationToken.None);

        await alice.WaitForAsync("Your name:");
        alice.Types("alice\r");
        await alice.WaitForAsync("registered as alice");
        await bob.WaitForAsync("registered as bob");
        alice.Types("2\r");
        await alice.WaitForAsync("'2' is not a choice");
        alice.Types("1\r");
        await alice.WaitForAsync("online now: 1");
        await alice.WaitForAsync("1. bob");
        await alice.WaitForAsync("Call whom? (number or name");
        alice.Types("carol\r");
        await alice.WaitForAsync("nobody called carol is registered");
        alice.Types("1\r");
        await alice.WaitForAsync("online now: 1", occurrence: 2);
        alice.Types("car/ol\r");
        await alice.WaitForAsync("'car/ol' cannot be a name: name may hold only letters, digits");
        alice.Types("1\r");
        await alice.WaitForAsync("online now: 1", occurrence: 3);
        alice.Types("1\r");
        await alice.WaitForAsync("calling bob");

        await bob.WaitForAsync("incoming call from alice");
        bob.Types("x");
        await bob.WaitForAsync("press Y to accept or N to reject");
        bob.Types("y");
        await alice.WaitForAsync("in call with bob");
        await bob.WaitForAsync("in call with alice");
        await alice.WaitForAsync("press H to hang up");

        alice.Types("0");
        await alice.WaitForAsync("end the call first (press H)");
        alice.Types("h");
        await alice.WaitForAsync("call with bob ended: you hung up");
        await bob.WaitForAsync("call with alice ended: hung up by the other side");

        alice.Types("0\r");
        Assert.Equal(0, await aliceRun.WaitAsync(TimeSpan.FromSeconds(10)));
        await alice.WaitForAsync("disconnected");
        bob.Closes();
        Assert.Equal(0, await bobRun.WaitAsync(TimeSpan.FromSeconds(10)));
        await alice.App.DisposeAsync();
        await bob.App.DisposeAsync();
    }

    [Fact]
    public async Task Alone_on_the_registry_menu_1_says_nobody_else_is_online_and_still_takes_a_name()
    {
        await using var server = new RegistryServer(new RegistryServerOptions { Bind = IPAddress.Loopback, Port = 0 },
            new InMemoryRegistryStore(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        server.Start();
        var alone = new Person(new RegistryAddress("127.0.0.1", server.LocalEndPoint.Port), name: "solo");
        var run = alone.App.RunAsync(CancellationToken.None);
        await alone.WaitForAsync("registered as solo");
        alone.Types("1\r");
        await alone.WaitForAsync("nobody else is online right now");
        await alone.WaitForAsync("Name to call (empty for the menu):");
        alone.Types("\r");
        await alone.WaitForAsync("1 call someone", occurrence: 2);
        alone.Types("0\r");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        await alone.App.DisposeAsync();
    }

    [Fact]
    public async Task C_while_the_way_to_a_callee_is_being_found_cancels_the_call_and_the_menu_returns()
    {
        await using var server = new RegistryServer(new RegistryServerOptions { Bind = IPAddress.Loopback, Port = 0 },
            new InMemoryRegistryStore(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        server.Start();
        var registry = new RegistryAddress("127.0.0.1", server.LocalEndPoint.Port);
        // A client from before NAT traversal: registered, but it never answers the offer its registry hands it, so
        // the caller would wait for an answer (then call it directly) unless cancelled.
        await using var older = await RegistryClient.ConnectAsync(registry);
        Assert.Equal(RegisterOutcome.Registered, await older.RegisterAsync("olderbob", IPAddress.Loopback, 9));
        var alice = new Person(registry, name: "alice");
        var run = alice.App.RunAsync(CancellationToken.None);
        await alice.WaitForAsync("registered as alice");

        alice.Types("1\r");
        await alice.WaitForAsync("Call whom?");
        alice.Types("olderbob\r");
        await alice.WaitForAsync("finding a way to olderbob... press C to cancel");
        alice.Types("c");
        await alice.WaitForAsync("cancelled");
        await alice.WaitForAsync("1 call someone", occurrence: 2);

        Assert.DoesNotContain("calling olderbob", alice.Screen.Text, StringComparison.Ordinal);
        alice.Types("0\r");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        await alice.App.DisposeAsync();
    }

    private sealed class Person
    {
        private readonly Channel<UserInput> _keys = Channel.CreateUnbounded<UserInput>();

        public Person(RegistryAddress registry, string? name)
        {
            var options = new ClientOptions
            {
                Name = name,
                Server = registry,
                Microphone = new AudioDeviceSpec(AudioDeviceKind.Silence, "silence"),
                Speaker = new AudioDeviceSpec(AudioDeviceKind.Null, "null"),
            };
            App = new ClientApp(options, new ClientView(Screen.Console, plain: false), _keys.Reader, TimeProvider.System, realDevices: null);
        }

        public SharedScreen Screen { get; } = new();

        public ClientApp App { get; }

        public void Types(string keys)
        {
            foreach (var c in keys)
            {
                var key = c == '\r' ? ConsoleKey.Enter : ConsoleKey.A;
                _keys.Writer.TryWrite(new KeyInput(new ConsoleKeyInfo(c, key, shift: false, alt: false, control: false)));
            }
        }

        private static int Occurrences(string screen, string text)
        {
            var count = 0;
            for (var at = screen.IndexOf(text, StringComparison.Ordinal); at >= 0; at = screen.IndexOf(text, at + text.Length, StringComparison.Ordinal))
                count++;
            return count;
        }

        public void Closes() => _keys.Writer.TryWrite(new InputClosed());

        public async Task WaitForAsync(string text, int occurrence = 1)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Occurrences(Screen.Text, text) < occurrence)
            {
                if (DateTime.UtcNow > deadline)
                    Assert.Fail($"'{text}' never appeared; the screen shows:\n{Screen.Text}");
                await Task.Delay(TimeSpan.FromMilliseconds(10));
            }
        }
    }
}
