using Sala.Calls;
using Sala.Calls.Connectivity;
using Sala.Calls.Devices;
using Sala.Calls.Media;
using Sala.Calls.Security;
using Sala.Calls.Transport;
using Sala.Registry;

namespace Sala.Cli.Client;

/// <summary>Everything <c>sala client</c> was told on its command line; what is missing is asked for.</summary>
internal sealed record ClientOptions
{
    public string? Name { get; init; }

    public RegistryAddress? Server { get; init; }

    /// <summary>Where the certificates of TLS registries are pinned on first use (<see cref="KnownRegistriesFile"/>).</summary>
    public string KnownRegistriesPath { get; init; } = KnownRegistriesFile.DefaultPath();

    /// <summary>0 picks a free port.</summary>
    public int UdpPort { get; init; }

    public string? Call { get; init; }

    public AnswerMode Answer { get; init; } = AnswerMode.Ask;

    public AudioDeviceSpec Microphone { get; init; } = new(AudioDeviceKind.Default, "default");

    public AudioDeviceSpec Speaker { get; init; } = new(AudioDeviceKind.Default, "default");

    public TimeSpan? HangupAfter { get; init; }

    public bool ExitAfterCall { get; init; }

    public string Codec { get; init; } = "opus";

    public bool Plain { get; init; }

    public Impairment Impairment { get; init; } = new();

    public EncryptionPolicy Encryption { get; init; } = EncryptionPolicy.Required;

    /// <summary>ML-KEM-768 beside ECDH in encrypted calls (off with --no-post-quantum).</summary>
    public bool PostQuantum { get; init; } = CallAgentOptions.DefaultPostQuantum;

    public Switch EchoCancellation { get; init; } = Switch.Auto;

    public Switch NoiseSuppression { get; init; } = Switch.Auto;

    /// <summary>Opus DTX: next to nothing sent in the user's pauses (--dtx).</summary>
    public bool Dtx { get; init; } = CallAgentOptions.DefaultDtx;

    /// <summary>The packet time asked of the other side, in milliseconds (--frame); 20 is asked by saying nothing.</summary>
    public int PacketTime { get; init; } = 20;

    /// <summary>
    /// Echo cancellation and noise suppression: "auto" turns them on with real devices only, since a file or a tone
    /// has no room to echo in and no noise to remove (and tests compare what they hear with what was sent).
    /// </summary>
    public VoiceProcessingOptions VoiceProcessing
    {
        get
        {
            var realMicrophone = Microphone.Kind is AudioDeviceKind.Default or AudioDeviceKind.Device;
            var realSpeaker = Speaker.Kind is AudioDeviceKind.Default or AudioDeviceKind.Device;
            return new VoiceProcessingOptions(
                EchoCancellation == Switch.On || (EchoCancellation == Switch.Auto && realMicrophone && realSpeaker),
                NoiseSuppression == Switch.On || (NoiseSuppression == Switch.Auto && realMicrophone));
        }
    }

    /// <summary>The identity key file (--identity): names are registered with proof of it; null registers without one.</summary>
    public string? IdentityPath { get; init; }

    /// <summary>Debugging: the file each call's SRTP keys are appended to (--key-log); none by default.</summary>
    public SrtpKeyLog? KeyLog { get; init; }

    /// <summary>A relay of the user's own (--turn); without it, the one the registry hands out, if any.</summary>
    public TurnServer? Turn { get; init; }

    /// <summary>Where to learn the NAT's mapping (--stun); without it, the registry's own port.</summary>
    public RegistryAddress? Stun { get; init; }

    /// <summary>What the call agent is told, for the user <paramref name="name"/> receiving at <paramref name="advertised"/>.</summary>
    public CallAgentOptions ForCalls(string name, System.Net.IPEndPoint advertised, Sala.Protocol.Identity.IdentityKey? identity = null) => new(name, advertised)
    {
        Identity = identity,
        Codec = Codec,
        Encryption = Encryption,
        PostQuantum = PostQuantum,
        VoiceProcessing = VoiceProcessing,
        Dtx = Dtx,
        KeyLog = KeyLog,
        // The seed's form when nothing else is asked: an old peer sees no new field.
        PacketTime = PacketTime == 20 ? null : PacketTime,
    };

    /// <summary>True when the flags drive the client, so a closed standard input does not mean "quit".</summary>
    public bool IsScripted => Call is not null || Answer != AnswerMode.Ask || ExitAfterCall || HangupAfter is not null;
}
