using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Cli.Tests;

/// <summary>
/// Sala's SRTP against libsrtp, the library most SRTP stacks use: a real call is captured with tshark, and GStreamer's
/// <c>srtpdec</c> (libsrtp2, Debian's gstreamer1.0-plugins-bad, tests/env/libsrtp.sh) decrypts it with nothing but
/// what <c>sala client --key-log</c> wrote. A layout or key derivation Sala got wrong on both of its own sides decrypts
/// nothing here. Fails, not skips, without tshark or GStreamer.
/// </summary>
public sealed class SrtpInteropTests
{
    private const int OpusPayloadType = 111;

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Libsrtp_decrypts_a_captured_call_with_the_keys_from_the_key_log_and_hears_what_was_sent()
    {
        using var folder = new TempFolder();
        var speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), sampleRate: 22_050, seed: 7);
        WavFiles.Write(folder.File("speech.wav"), speech, 22_050, channels: 1);
        var keyLog = folder.File("keys.log");
        var alicePort = FreeUdpPort();
        await using var server = RunningSalaServer.Start();
        await using var bob = SalaProcess.Start("client", "--name", "bob", "--server", server.Address, "--answer", "yes",
            "--mic", "silence", "--speaker", "null", "--exit-after-call");
        bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));

        // Every datagram alice sends from her call port, each printed as hex as soon as it is seen.
        await using var capture = ChildProcess.Start("tshark",
            ["-i", "lo", "-l", "-n", "-f", $"udp src port {alicePort}", "-T", "fields", "-e", "udp.payload"], errorsAsLines: true);
        capture.WaitForLine(l => l.StartsWith("Capturing on", StringComparison.Ordinal));
        await using var alice = SalaProcess.Start("client", "--name", "alice", "--server", server.Address, "--call", "bob",
            "--udp-port", alicePort.ToString(CultureInfo.InvariantCulture), "--mic", folder.File("speech.wav"), "--speaker", "null",
            "--dtx", "off", "--key-log", keyLog, "--hangup-after", "4s", "--exit-after-call");
        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Contains(alice.Output, l => l.StartsWith($"registered as alice (calls on 127.0.0.1:{alicePort}", StringComparison.Ordinal));
        var sent = PacketsSent(alice.Output);

        var rtp = new List<byte[]>();
        capture.WaitForLine(line =>
        {
            if (IsOpusRtp(line, out var datagram))
                rtp.Add(datagram);
            return rtp.Count == sent;
        }, TimeSpan.FromSeconds(30));
        capture.Terminate();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyLog));
        var lines = File.ReadAllLines(keyLog).Select(l => l.Split(' ')).ToArray();
        Assert.Equal(["send", "receive"], lines.Select(l => l[2]).Order(StringComparer.Ordinal).Reverse());
        Assert.All(lines, l => Assert.Equal("SRTP_AEAD_AES_128_GCM", l[0]));
        var send = lines.Single(l => l[2] == "send");
        var ssrc = uint.Parse(send[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.All(rtp, datagram => Assert.Equal(ssrc, (uint)(datagram[8] << 24 | datagram[9] << 16 | datagram[10] << 8 | datagram[11])));
        Assert.NotEqual(send[3], lines.Single(l => l[2] == "receive")[3]);

        // srtpdec takes each captured packet as it was on the wire (one file each: GStreamer 1.22's srtpdec mishandles the
        // shared buffers pcapparse hands out) and keeps only those that authenticate under the logged keys.
        var encrypted = Directory.CreateDirectory(folder.File("encrypted")).FullName;
        var decryptedRtp = Directory.CreateDirectory(folder.File("decrypted")).FullName;
        for (var i = 0; i < rtp.Count; i++)
            File.WriteAllBytes(Path.Combine(encrypted, $"{i:D5}.srtp"), rtp[i]);
        await GstLaunch("multifilesrc", $"location={encrypted}/%05d.srtp", "index=0",
            $"caps=application/x-srtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload={OpusPayloadType},ssrc=(uint){ssrc},"
                + $"srtp-key=(buffer){send[4]}{send[5]},srtp-cipher=aes-128-gcm,srtp-auth=null,srtcp-cipher=aes-128-gcm,srtcp-auth=null",
            "!", "srtpdec", "!", "multifilesink", $"location={decryptedRtp}/%05d.rtp");
        var plain = Directory.GetFiles(decryptedRtp).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        Assert.Equal(sent, plain.Count);

        // GStreamer's own Opus decoder plays what libsrtp decrypted.
        PcapWriter.Write(folder.File("decrypted.pcap"), plain, (ushort)alicePort, 5004);
        await GstLaunch("filesrc", $"location={folder.File("decrypted.pcap")}", "!", "pcapparse", "!",
            $"application/x-rtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload={OpusPayloadType}", "!", "rtpopusdepay", "!", "opusdec", "!",
            "audioconvert", "!", "audioresample", "!", "audio/x-raw,format=S16LE,channels=1,rate=48000", "!", "wavenc", "!",
            "filesink", $"location={folder.File("decrypted.wav")}");

        var decrypted = WavFiles.ReadAsAudioFormat(folder.File("decrypted.wav"));
        Assert.True(decrypted.Length >= sent * 960, $"{decrypted.Length} samples decoded from {sent} packets of 960");
        var similarity = AudioAnalysis.Similarity(WavFiles.ReadAsAudioFormat(folder.File("speech.wav")), decrypted);
        Assert.True(similarity > 0.8, $"similarity {similarity:0.00}");
    }

    private static async Task GstLaunch(params string[] pipeline)
    {
        await using var gstreamer = ChildProcess.Start("gst-launch-1.0", ["-q", .. pipeline]);
        Assert.True(await gstreamer.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, gstreamer.Transcript);
        Assert.DoesNotContain(gstreamer.Errors, l => l.Contains("CRITICAL", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal));
    }

    private static bool IsOpusRtp(string hex, out byte[] datagram)
    {
        datagram = [];
        if (hex.Length < 24 || !hex.All(char.IsAsciiHexDigit))
            return false;
        datagram = Convert.FromHexString(hex);
        return datagram[0] is >= 0x80 and <= 0xBF && (datagram[1] & 0x7F) == OpusPayloadType;
    }

    /// <summary>The count in the end-of-call line: "..., sent 151 packets, ...".</summary>
    private static int PacketsSent(IEnumerable<string> output)
    {
        var line = output.Single(l => l.StartsWith("call with bob ended", StringComparison.Ordinal));
        var start = line.IndexOf("sent ", StringComparison.Ordinal) + "sent ".Length;
        return int.Parse(line[start..line.IndexOf(" packets", start, StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}
