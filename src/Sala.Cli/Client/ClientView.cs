using System.Globalization;
using System.Net;
using Sala.Calls.Media;
using Sala.Calls.Security;
using Sala.Protocol.Calls;
using Spectre.Console;
using static System.FormattableString;

namespace Sala.Cli.Client;

/// <summary>
/// Everything the client says. Each event is one line that reads the same in a terminal (with colour) and in a log
/// (plain, stable, greppable); prompts and the menu only appear when a person is at the keyboard.
/// </summary>
internal sealed class ClientView(IAnsiConsole console, bool plain)
{
    public const char HangUpKey = 'H';
    public const char MuteKey = 'M';
    public const char CancelKey = 'C';

    public IAnsiConsole Console => console;

    private Action<string>? _divert;

    /// <summary>
    /// While the live call panel owns the screen, lines would tear it: they go to <paramref name="divert"/> (the panel
    /// shows them) until this is called again with null.
    /// </summary>
    public void DivertEvents(Action<string>? divert) => _divert = divert;

    public void Event(string text, string colour = "default")
    {
        if (_divert is { } divert)
        {
            divert(text);
            return;
        }
        console.MarkupLine(plain ? Markup.Escape(text) : $"[{colour}]{Markup.Escape(text)}[/]");
    }

    public void Prompt(string text)
    {
        if (plain)
            console.WriteLine(text);
        else
            console.Markup($"[bold]{Markup.Escape(text)}[/] ");
    }

    public void Menu() => console.MarkupLine(plain
        ? "menu: 0 = disconnect and exit, 1 = call someone"
        : "[bold]0[/] disconnect and exit   [bold]1[/] call someone");

    public void Online(IReadOnlyList<Sala.Registry.Registration> users)
    {
        if (users.Count == 0)
        {
            Event("nobody else is online right now");
            return;
        }
        Event($"online now: {users.Count}");
        for (var i = 0; i < users.Count; i++)
            console.MarkupLine(plain ? $"  {i + 1}. {Markup.Escape(users[i].Name)}" : $"  [bold]{i + 1}[/]. {Markup.Escape(users[i].Name)}");
    }

    public void Registered(string name, IPEndPoint endPoint, string server) =>
        Event($"registered as {name} (calls on {endPoint}, registry {server})", "green");

    public void Incoming(CallInfo call) =>
        Event($"incoming call from {call.PeerName} ({call.Peer}): accept? [Y/N]", "yellow");

    public void Calling(string name, IPEndPoint at) =>
        Event($"calling {name} at {at}... press {CancelKey} to cancel", "yellow");

    /// <summary>The call is on; with a <paramref name="known"/> peer (its identity remembered and proved again) there is no code to read.</summary>
    public void Connected(CallInfo call, string codec, CallSecurityInfo security, bool known = false) =>
        Event(known
            ? $"in call with {call.PeerName} (known) ({codec}, encrypted{(security.PostQuantum ? ", post-quantum" : "")}, identity proved): press {HangUpKey} to hang up, {MuteKey} to mute"
            : $"in call with {call.PeerName} ({codec}, {Describe(security)}): press {HangUpKey} to hang up, {MuteKey} to mute",
            security.Encrypted ? "green" : "yellow");

    /// <summary>The call's privacy, with the words both users should see the same when it is encrypted.</summary>
    public static string Describe(CallSecurityInfo security) => security.Encrypted
        ? $"encrypted{(security.PostQuantum ? ", post-quantum" : "")}, code: {security.ShortAuthenticationString} (the same on both sides, or someone is in the middle)"
        : "NOT ENCRYPTED";

    public void Ended(CallInfo call, CallEndReason reason, MediaStatistics? media, string? path = null) =>
        Event($"call with {call.PeerName} ended: {Describe(reason)}{(path is null ? "" : $"; path: {path}")}{(media is null ? "" : "; " + Summary(media))}",
            reason is CallEndReason.HungUpLocally or CallEndReason.HungUpByPeer ? "default" : "red");

    public void Problem(string text) => Event(text, "red");

    public static string Describe(CallEndReason reason) => reason switch
    {
        CallEndReason.HungUpLocally => "you hung up",
        CallEndReason.HungUpByPeer => "hung up by the other side",
        CallEndReason.Declined => "rejected",
        CallEndReason.Busy => "the user is busy",
        CallEndReason.NoAnswer => "no answer",
        CallEndReason.CancelledLocally => "cancelled",
        CallEndReason.CancelledByPeer => "the caller cancelled",
        CallEndReason.ConnectionLost => "connection lost",
        CallEndReason.Unavailable => "the user cannot take calls now",
        CallEndReason.EncryptionRequired => "the other side takes only encrypted calls (you started with --no-encryption)",
        CallEndReason.PeerUnencrypted => "the other side does not encrypt calls (--allow-unencrypted takes such calls)",
        CallEndReason.WrongIdentity => "the one who answered did not prove the identity the registry gives for that name (someone else may be using the address)",
        _ => reason.ToString(),
    };

    /// <summary>
    /// What came from the peer and was thrown away, by reason, and the feedback read: the panel and the end-of-call
    /// line both say it, so a dropout never hides behind "lost 0".
    /// </summary>
    public static string NotPlayed(DiscardedPackets discarded) => string.Create(CultureInfo.InvariantCulture,
        $"{discarded.InvalidPayloads} invalid, {discarded.OnProbation} on probation, {discarded.Unknown} unknown, " +
        $"{discarded.RejectedReports} forged reports, {discarded.Feedback} feedback ignored");

    /// <summary>The call's figures on one line: duration, packets, loss, concealment, jitter, bitrate on the wire.</summary>
    public static string Summary(MediaStatistics media)
    {
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"duration {DurationText.Format(media.Duration)}, codec {media.Codec}, sent {media.PacketsSent} packets, " +
            $"received {media.Playout.Received}, lost {media.Lost} ({media.LossFraction * 100:0.#} %), " +
            $"concealed {media.Concealed}, pauses (DTX) {media.FramesNotSent} frames not sent / {media.ComfortNoise} comfort noise, jitter {media.MeanJitter.TotalMilliseconds:0.#} ms mean / {media.WorstJitter.TotalMilliseconds:0.#} ms worst, " +
            $"round trip {(media.MeanRoundTrip is { } rtt ? $"{rtt.TotalMilliseconds:0.#} ms mean" : "not measured")}, " +
            $"buffer {media.Playout.TargetDelay.TotalMilliseconds:0} ms, " +
            $"not played: {NotPlayed(media.Discarded)}, " +
            $"send {media.SendBitsPerSecond / 1000:0.#} kbit/s, receive {media.ReceiveBitsPerSecond / 1000:0.#} kbit/s on the wire")
            + (media.VoiceProcessing is { } voice ? $", microphone: {voice}" : "")
            + (media.DriftCorrections > 0 ? Invariant($", clock drift: {media.PeerDriftCorrections} frames stretched to follow the other side, {media.SpeakerDriftCorrections} to follow the speaker") : "");
        var devices = media.Devices;
        return devices.Total == 0 ? summary : string.Create(CultureInfo.InvariantCulture,
            $"{summary}, device underruns/overruns: microphone {devices.MicrophoneUnderruns}/{devices.MicrophoneOverruns}, " +
            $"speaker {devices.SpeakerUnderruns}/{devices.SpeakerOverruns}");
    }
}
