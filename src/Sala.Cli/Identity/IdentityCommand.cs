using System.CommandLine;
using Sala.Cli.Parsing;
using Sala.Registry;

namespace Sala.Cli.Identity;

/// <summary><c>sala identity</c>: the user's identity key, made on first use, and its fingerprint to compare aloud.</summary>
internal static class IdentityCommand
{
    public static Command Create()
    {
        var identity = IdentityOption();
        var release = new Option<string>("--release") { Description = "Give up your claim on this name at the registry --server names: anyone may then register it" };
        var server = new Option<RegistryAddress?>("--server") { Description = "The registry (HOST:PORT) to release the name at" }.ParsedBy(Addresses.Registry);
        var command = new Command("identity", "Show your identity: the fingerprint of the key your names are claimed with (made on first use)")
        {
            identity, release, server,
        };
        release.Requires(server, "the registry: --server HOST:PORT");
        command.SetAction((result, cancellationToken) => result.GetValue(release) is { } name
            ? ReleaseAsync(result.GetValue(identity)!, name, result.GetValue(server)!, Console.Out, Console.Error, cancellationToken)
            : Task.FromResult(Run(result.GetValue(identity)!, Console.Out, Console.Error)));
        return command;
    }

    /// <summary>The option <c>sala client</c> and <c>sala identity</c> share.</summary>
    public static Option<string> IdentityOption() => new("--identity")
    {
        Description = "Your identity key file, made on first use (none: register without one)",
        DefaultValueFactory = _ => IdentityFile.DefaultPath(),
    };

    /// <summary><c>sala identity --release NAME --server HOST:PORT</c>: the claim on NAME, proved with this identity, given up.</summary>
    internal static async Task<int> ReleaseAsync(
        string path, string name, RegistryAddress address, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (path == IdentityFile.None || !File.Exists(path))
        {
            errors.WriteLine($"sala identity: no identity in {path}, so no claim to release");
            return 2;
        }
        try
        {
            using var key = IdentityFile.LoadOrCreate(path, out _);
            await using var client = await RegistryClient.ConnectAsync(address, new RegistryClientOptions { Identity = key }, cancellationToken: cancellationToken);
            switch (await client.ReleaseClaimAsync(name, cancellationToken))
            {
                case ReleaseOutcome.Released:
                    output.WriteLine($"released {name}: anyone may register it now, and the first to prove an identity claims it");
                    return 0;
                case ReleaseOutcome.OtherKey:
                    errors.WriteLine($"sala identity: {name} is claimed by another identity, not yours ({key.Fingerprint.Words})");
                    return 1;
                default:
                    errors.WriteLine($"sala identity: {name} is not claimed at {address}");
                    return 1;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or RegistryUnavailableException or RegistryProtocolException
            or ArgumentException)
        {
            errors.WriteLine($"sala identity: {ex.Message}");
            return 1;
        }
    }

    internal static int Run(string path, TextWriter output, TextWriter errors)
    {
        if (path == IdentityFile.None)
        {
            errors.WriteLine("sala identity: --identity none has no identity to show");
            return 2;
        }
        try
        {
            using var key = IdentityFile.LoadOrCreate(path, out var created);
            output.WriteLine($"identity: {key.Fingerprint.Words}");
            output.WriteLine($"fingerprint (SHA-256 of the public key): {key.Fingerprint.Hex}");
            output.WriteLine(created ? $"made now and kept in {path} (readable by you only)" : $"kept in {path}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"sala identity: {ex.Message}");
            return 1;
        }
    }
}
