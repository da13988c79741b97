using System.Diagnostics;
using Sala.Calls.Security;
using Sala.Media.Devices;
using Sala.Protocol.Rtcp;
using Sala.Protocol.Rtp;
using Sala.Protocol.Tests.Rtcp;

namespace Sala.Calls.Tests;

/// <summary>RTCP between the peers of a real call: round trip, the peer's view, and reports tshark reads as valid.</summary>
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
        var file = Path.Combine(Path.GetTempPath(), $"sala-call-{Guid.NewGuid():N}.pcap");
        await File.WriteAllBytesAsync(file, capture.ToArray());
        try
        {
            var decoded = await TsharkAsync("-r", file, "-d", $"udp.port=={alice.EndPoint.Port},rtcp",
                "-d", $"udp.port=={bob.EndPoint.Port},rtcp", "-V");
            Assert.Contains("Sender Report", decoded, StringComparison.Ordinal);
            Assert.Contains("Source description", decoded, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("alice@sala", decoded, StringComparison.Ordinal);
            Assert.DoesNotContain("Malformed", decoded, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> TsharkAsync(params string[] arguments)
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
