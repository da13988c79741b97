using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Cli.Tests;

/// <summary>
/// Issue 15 items 1 and 6: GStreamer's Opus (Debian's gstreamer1.0-plugins-base <c>opusenc</c> and -good
/// <c>rtpopuspay</c>, tests/env/libsrtp.sh) as the other end of an unencrypted call with <c>sala client</c>. GStreamer
/// encodes and packetises a tone at each packet time Opus allows in RTP; a small peer here speaks Sala's signaling to
/// the client and sends GStreamer's packets exactly as GStreamer made them (its SSRC, sequence numbers, timestamps),
/// in real time; the client records what it heard. Fails, not skips, without GStreamer.
/// </summary>
public sealed class GStreamerOpusInteropTests
{
    private const int OpusPayloadType = 111;
    private const double ToneHz = 1000;

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(40)]
    [InlineData(60)]
    public async Task GStreamers_Opus_at_any_packet_time_plays_in_Sala_whole(int packetMilliseconds)
    {
        using var folder = new TempFolder();
        var packets = await GStreamerPacketsAsync(folder, "audiotestsrc", "wave=sine", $"freq={ToneHz}", "volume=0.3", "num-buffers=150",
            "samplesperbuffer=960", "!", "audio/x-raw,rate=48000,channels=1", "!", "opusenc", $"frame-size={packetMilliseconds}", "!",
            "rtpopuspay", $"pt={OpusPayloadType}");
        Assert.InRange(packets.Count, 3000 / packetMilliseconds, (3000 / packetMilliseconds) + 2);

        var (heard, summary) = await CallSalaAsync(folder, packets);

        var breaks = ToneContinuity.Find(AsSent(heard, packets), ToneHz, TimeSpan.FromMilliseconds(100));
        Assert.True(breaks.None && breaks.Windows > 500, $"{breaks}; {summary}");
        Assert.Contains($"received {packets.Count}, lost 0 (0 %), concealed 0,", summary, StringComparison.Ordinal);
        Assert.Contains("not played: 0 invalid, 0 on probation, 0 unknown", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GStreamers_Opus_with_DTX_plays_in_Sala_with_the_pause_kept_to_its_length()
    {
        using var folder = new TempFolder();
        // A second of tone, a second of silence, a second of tone: GStreamer's encoder in DTX and its payloader
        // leaving the empty packets out, so the pause is a jump in the timestamps.
        var tone = Enumerable.Range(0, 48_000).Select(i => (short)(10_000 * Math.Sin(2 * Math.PI * ToneHz * i / 48_000))).ToArray();
        WavFiles.Write(folder.File("in.wav"), [.. tone, .. new short[tone.Length], .. tone], 48_000, channels: 1);
        var packets = await GStreamerPacketsAsync(folder, "filesrc", $"location={folder.File("in.wav")}", "!", "wavparse", "!",
            "audioconvert", "!", "opusenc", "dtx=true", "frame-size=20", "!", "rtpopuspay", $"pt={OpusPayloadType}", "dtx=true");
        Assert.True(packets.Count < 130, $"{packets.Count} packets: DTX left nothing out");

        var (heard, summary) = await CallSalaAsync(folder, packets);

        // The second tone starts two seconds after the first, as sent: the pause neither shrank nor grew.
        var starts = ToneStarts(AsSent(heard, packets));
        Assert.True(starts.Count == 2, $"tone starts at {string.Join(", ", starts)} samples; {summary}");
        Assert.InRange(starts[1] - starts[0], (2 * 48_000) - 960, (2 * 48_000) + 960);
        Assert.Contains("lost 0 (0 %), concealed 0,", summary, StringComparison.Ordinal);
    }

    /// <summary>Runs a GStreamer pipeline ending in one RTP packet a file, and reads the packets in order.</summary>
    private static async Task<List<byte[]>> GStreamerPacketsAsync(TempFolder folder, params string[] pipeline)
    {
        var directory = Directory.CreateDirectory(folder.File("rtp")).FullName;
        await using var gstreamer = ChildProcess.Start("gst-launch-1.0", ["-q", .. pipeline, "!", "multifilesink", $"location={directory}/%05d.rtp"]);
        Assert.True(await gstreamer.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, gstreamer.Transcript);
        var packets = Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        Assert.All(packets, p => Assert.Equal(OpusPayloadType, p[1] & 0x7F));
        return packets;
    }

    /// <summary>
    /// Calls a <c>sala client</c> that answers and records, sends it the packets at the times their timestamps say,
    /// hangs up, and returns the recording and the client's end-of-call line.
    /// </summary>
    private static async Task<(short[] Heard, string Summary)> CallSalaAsync(TempFolder folder, List<byte[]> packets)
    {
        await using var server = RunningSalaServer.Start();
        await using var bob = SalaProcess.Start("client", "--name", "bob", "--server", server.Address, "--answer", "yes",
            "--allow-unencrypted", "--mic", "silence", "--speaker", folder.File("heard.wav"), "--exit-after-call");
        var registered = bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
        var bobPort = int.Parse(registered.Split("calls on 127.0.0.1:")[1].Split(',')[0], CultureInfo.InvariantCulture);
        var bobAddress = new IPEndPoint(IPAddress.Loopback, bobPort);

        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var peerPort = ((IPEndPoint)peer.Client.LocalEndPoint!).Port;
        await SendAsync(peer, $"CONVITE gst 127.0.0.1 {peerPort} call=gst1 codec=opus", bobAddress);
        await ReceiveSignalingAsync(peer, "ACEITO call=gst1");
        await SendAsync(peer, "CALLBACK call=gst1", bobAddress);

        // Real time, as a sender's sound card would give them; a little more than the buffer after the last, then goodbye.
        var first = Timestamp(packets[0]);
        var clock = Stopwatch.StartNew();
        foreach (var packet in packets)
        {
            var due = TimeSpan.FromSeconds(unchecked(Timestamp(packet) - first) / 48_000.0);
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed);
            await peer.SendAsync(packet, bobAddress);
        }
        var end = clock.Elapsed + TimeSpan.FromMilliseconds(300);
        while (clock.Elapsed < end)
            await Task.Delay(end - clock.Elapsed);
        await SendAsync(peer, "ENCERRAR call=gst1 reason=hangup", bobAddress);

        Assert.True(await bob.WaitForExitAsync(TimeSpan.FromSeconds(20)) == 0, bob.Transcript);
        var summary = bob.Output.Single(l => l.StartsWith("call with gst ended", StringComparison.Ordinal));
        return (WavFiles.ReadAsAudioFormat(folder.File("heard.wav")), summary);
    }

    private static uint Timestamp(byte[] rtp) => BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(4));

    /// <summary>
    /// The recording from its first sound for as long as the packets lasted, less a frame: after the last packet the
    /// playout conceals until it gives up, which is the stream's end, not how it was played.
    /// </summary>
    private static short[] AsSent(short[] heard, List<byte[]> packets)
    {
        var length = (int)unchecked(Timestamp(packets[^1]) - Timestamp(packets[0]));
        var first = Array.FindIndex(heard, s => Math.Abs((int)s) > 1000);
        Assert.True(first >= 0, "nothing was heard");
        return heard[first..Math.Min(heard.Length, first + length)];
    }

    private static async Task SendAsync(UdpClient peer, string message, IPEndPoint to) =>
        await peer.SendAsync(Encoding.ASCII.GetBytes(message), to);

    /// <summary>Waits for a signaling datagram starting with <paramref name="prefix"/>, passing over anything else (RTCP).</summary>
    private static async Task ReceiveSignalingAsync(UdpClient peer, string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var datagram = await peer.ReceiveAsync(timeout.Token);
            if (Encoding.ASCII.GetString(datagram.Buffer).StartsWith(prefix, StringComparison.Ordinal))
                return;
        }
    }

    /// <summary>Where the tone sets in after silence, in samples, at 5 ms resolution.</summary>
    private static List<int> ToneStarts(short[] heard)
    {
        var starts = new List<int>();
        var sounding = false;
        for (var at = 0; at + ToneContinuity.WindowSamples <= heard.Length; at += ToneContinuity.WindowSamples)
        {
            var window = heard.AsSpan(at, ToneContinuity.WindowSamples);
            var now = AudioAnalysis.Rms(window) > 0.05 && AudioAnalysis.ToneLevel(window, ToneHz) > 0.5;
            if (now && !sounding)
                starts.Add(at);
            sounding = now;
        }
        return starts;
    }
}
