using System.Diagnostics;
using Sala.Calls.Security;
using Sala.Media.Devices;
using Sala.Protocol.Rtcp;
using Sala.Protocol.Rtp;
using Sala.Protocol.Tests.Rtcp;

namespace Sala.Calls.Tests;

/// <summary>
/// RTCP between the peers of a real call: round trip, the peer's view, and what tshark (an independent dissector)
/// reads of it: valid reports in the clear, SRTP and SRTCP with nothing but their headers readable when encrypted.
/// </summary>
public sealed class CallQualityTests
{
    [Fact]
    public async Task A_call_exchanges_sender_reports_that_give_a_round_trip_and_that_tshark_decodes()
    {
        CapturingTransport? aliceTap = null;
        CapturingTransport? bobTap = null;
        // In the clear, so that tshark can read the reports: an encrypted call's are SRTCP (HostileRtcpCallTests).
        await using var alice = Phone.Start("alice", () => new ToneSource(440), encryption: EncryptionPolicy.Off,
            wrap: t => aliceTap = new CapturingTransport(t));
        await using var bob = Phone.Start("bob", () => new ToneSource(660), encryption: EncryptionPolicy.Off,
            wrap: t => bobTap = new CapturingTransport(t));
        alice.Agent.Call("bob", bob.EndPoint);
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();
        await alice.NextAsync<CallConnectedEvent>();
        await Eventually.TrueAsync(() => alice.Agent.Statistics?.RoundTrip is not null && bob.Agent.Statistics?.RoundTrip is not null,
            "both sides to measure a round trip");
        var figures = alice.Agent.Statistics!;
        Assert.InRange(figures.RoundTrip!.Value.TotalMilliseconds, 0, 200);
        Assert.Equal(0, figures.PeerLossFraction);
        alice.Agent.HangUp();
        var ended = await alice.NextAsync<CallEndedEvent>();
        Assert.NotNull(ended.Media!.MeanRoundTrip);
        await bob.NextAsync<CallEndedEvent>();
        await alice.Agent.WhenMediaStoppedAsync();
        await bob.Agent.WhenMediaStoppedAsync();

        var capture = new PcapFile();
        var reports = 0;
        var reportsWithGoodbye = 0;
        foreach (var (tap, from, to) in new[] { (aliceTap!, alice, bob), (bobTap!, bob, alice) })
        {
            foreach (var datagram in tap.Sent.Where(d => DatagramClassifier.Classify(d) == DatagramKind.Rtcp))
            {
                Assert.True(RtcpPacket.TryParse(datagram, out var packet));
                Assert.NotNull(packet.SenderReport);
                reportsWithGoodbye += packet.HasGoodbye ? 1 : 0;
                capture.AddUdp(TimeSpan.FromSeconds(1_750_000_000 + reports), [127, 0, 0, 1], (ushort)from.EndPoint.Port,
                    [127, 0, 0, 1], (ushort)to.EndPoint.Port, datagram);
                reports++;
            }
        }
        Assert.True(reports >= 2, $"{reports} reports");
        // Each side's last report says it leaves (RFC 3550 §6.6): the hang-up's BYE.
        Assert.Equal(2, reportsWithGoodbye);
        var decoded = await TsharkAsync(capture, "-d", $"udp.port=={alice.EndPoint.Port},rtcp", "-d", $"udp.port=={bob.EndPoint.Port},rtcp");
        Assert.Contains("Sender Report", decoded, StringComparison.Ordinal);
        Assert.Contains("Source description", decoded, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("alice@sala", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("Malformed", decoded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_call_is_srtp_and_srtcp_that_tshark_reads_without_errors()
    {
        CapturingTransport? aliceTap = null;
        CapturingTransport? bobTap = null;
        await using var alice = Phone.Start("alice", () => new ToneSource(440), wrap: t => aliceTap = new CapturingTransport(t));
        await using var bob = Phone.Start("bob", () => new ToneSource(660), wrap: t => bobTap = new CapturingTransport(t));
        alice.Agent.Call("bob", bob.EndPoint);
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();
        await alice.NextAsync<CallConnectedEvent>();
        // A round trip on both sides means each has read the other's authentic SRTCP.
        await Eventually.TrueAsync(() => alice.Agent.Statistics?.RoundTrip is not null && bob.Agent.Statistics?.RoundTrip is not null,
            "both sides to measure a round trip");
        alice.Agent.HangUp();
        await alice.NextAsync<CallEndedEvent>();
        await bob.NextAsync<CallEndedEvent>();
        await alice.Agent.WhenMediaStoppedAsync();
        await bob.Agent.WhenMediaStoppedAsync();

        // RTP and RTCP share the call port (RFC 5761); in the capture RTCP goes one port up, so that each can be
        // decoded as what it is.
        var capture = new PcapFile();
        var (packets, reports, second) = (0, 0, 0);
        foreach (var (tap, from, to) in new[] { (aliceTap!, alice, bob), (bobTap!, bob, alice) })
        {
            foreach (var datagram in tap.Sent)
            {
                var kind = DatagramClassifier.Classify(datagram);
                if (kind is not (DatagramKind.Rtp or DatagramKind.Rtcp))
                    continue;
                var shift = kind == DatagramKind.Rtcp ? 1 : 0;
                // The CNAME a clear report carries (the test above finds it) must be nowhere on the wire.
                Assert.True(datagram.AsSpan().IndexOf("@sala"u8) < 0, "a CNAME in the clear");
                capture.AddUdp(TimeSpan.FromSeconds(1_750_000_000) + TimeSpan.FromMilliseconds(second++), [127, 0, 0, 1],
                    (ushort)(from.EndPoint.Port + shift), [127, 0, 0, 1], (ushort)(to.EndPoint.Port + shift), datagram);
                packets += 1 - shift;
                reports += shift;
            }
        }
        Assert.True(packets > 50 && reports >= 2, $"{packets} RTP packets, {reports} reports");
        var decoded = await TsharkAsync(capture,
            "-d", $"udp.port=={alice.EndPoint.Port},rtp", "-d", $"udp.port=={bob.EndPoint.Port},rtp",
            "-d", $"udp.port=={alice.EndPoint.Port + 1},srtcp", "-d", $"udp.port=={bob.EndPoint.Port + 1},srtcp");
        var lines = decoded.Split('\n');
        Assert.Equal(packets, lines.Count(l => l == "Real-Time Transport Protocol"));
        Assert.Equal(reports, lines.Count(l => l.StartsWith("Secure Real-time Transport Control Protocol (", StringComparison.Ordinal)));
        // SRTCP (RFC 7714 §9) leaves the first header and the sender's SSRC in the clear, nothing else: no NTP time,
        // no report blocks, no CNAME.
        Assert.Contains("Encrypted RTCP Payload - not dissected", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("Timestamp, MSW", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("alice@sala", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("Malformed", decoded, StringComparison.Ordinal);
    }

    /// <summary>tshark's full decode (<c>-V</c>) of <paramref name="capture"/>, told how to decode which port.</summary>
    private static async Task<string> TsharkAsync(PcapFile capture, params string[] decodeAs)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sala-call-{Guid.NewGuid():N}.pcap");
        await File.WriteAllBytesAsync(file, capture.ToArray());
        try
        {
            return await TsharkAsync(["-r", file, .. decodeAs, "-V"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> TsharkAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"tshark is required (Debian package tshark, see tests/env/rtcp.sh): {e.Message}");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"tshark exited with {process.ExitCode}: {await error}");
            return await output;
        }
    }
}
