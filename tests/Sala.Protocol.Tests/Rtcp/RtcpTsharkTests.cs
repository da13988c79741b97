using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Sala.Protocol.Rtcp;

namespace Sala.Protocol.Tests.Rtcp;

/// <summary>
/// An independent decoder reads what Sala writes: tshark (Debian's tshark package, tests/env/rtcp.sh) dissects a
/// capture of a compound SR and a compound RR. Fails, not skips, without tshark.
/// </summary>
public sealed class RtcpTsharkTests
{
    private const ushort AlicePort = 5004;
    private const ushort BobPort = 5006;
    private static readonly byte[] Alice = [192, 0, 2, 10];
    private static readonly byte[] Bob = [192, 0, 2, 20];

    private static readonly TimeSpan CaptureStart = TimeSpan.FromSeconds(1_750_000_000);

    [Fact]
    public async Task Tshark_DecodesOurCompoundPackets_AsValidSenderAndReceiverReports()
    {
        var sentAt = new DateTimeOffset(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);
        var senderReport = new SenderReport(
            0x1111_1111,
            new SenderInfo(NtpTimestamp.FromDateTimeOffset(sentAt), 0x0012_D687, 250, 15_000),
            new ReportBlock(0x2222_2222, 64, 5, 0x0001_0005, 96, 0, 0));
        // Bob answers 100 ms later, having held Alice's SR 50 ms (3276 units of 1/65536 s).
        var receiverReport = new ReceiverReport(
            0x2222_2222,
            new ReportBlock(0x1111_1111, 25, -2, 0x0002_0010, 480, senderReport.SenderInfo.NtpTimestamp.Middle32, 3276));

        var capture = new PcapFile();
        capture.AddUdp(CaptureStart, Alice, AlicePort, Bob, BobPort, Compound(senderReport, "alice@192.0.2.10"));
        capture.AddUdp(
            CaptureStart + TimeSpan.FromMilliseconds(100), Bob, BobPort, Alice, AlicePort, Compound(receiverReport, "bob@192.0.2.20"));
        var path = Path.Combine(Path.GetTempPath(), $"sala-rtcp-{Guid.NewGuid():N}.pcap");
        await File.WriteAllBytesAsync(path, capture.ToArray());
        try
        {
            var fields = await Tshark(
                "-r", path, "-d", $"udp.port=={AlicePort},rtcp", "-o", "rtcp.show_roundtrip_calculation:TRUE", "-T", "fields", "-E", "separator=|", "-E", "occurrence=a",
                "-E", "aggregator=,",
                "-e", "rtcp.pt", "-e", "rtcp.senderssrc", "-e", "rtcp.timestamp.ntp.msw", "-e", "rtcp.timestamp.rtp",
                "-e", "rtcp.sender.packetcount", "-e", "rtcp.sender.octetcount", "-e", "rtcp.ssrc.identifier",
                "-e", "rtcp.ssrc.fraction", "-e", "rtcp.ssrc.cum_nr", "-e", "rtcp.ssrc.ext_high", "-e", "rtcp.ssrc.jitter",
                "-e", "rtcp.ssrc.lsr", "-e", "rtcp.ssrc.dlsr", "-e", "rtcp.sdes.type", "-e", "rtcp.sdes.text",
                "-e", "rtcp.length_check", "-e", "rtcp.lsr-frame", "-e", "rtcp.roundtrip-delay", "-e", "_ws.malformed",
                "-e", "_ws.expert.severity");
            var verbose = await Tshark("-r", path, "-d", $"udp.port=={AlicePort},rtcp", "-V");

            Assert.DoesNotContain("Malformed", verbose, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Incorrect RTCP packet length", verbose, StringComparison.Ordinal);
            var frames = fields.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('|')).ToArray();
            Assert.Equal(2, frames.Length);
            // SR then SDES; sender info; the block (SSRC identifiers list the block's source, then the SDES chunk's);
            // a CNAME item and the END item; tshark's own check that the lengths add up to the datagram.
            Assert.Equal(
                [
                    "200,202", "0x11111111", senderReport.SenderInfo.NtpTimestamp.Seconds.ToString(), "1234567", "250",
                    "15000", "0x22222222,0x11111111", "64", "5", "65541", "96", "0", "0", "1,0", "alice@192.0.2.10", "1",
                ],
                frames[0][..16]);
            Assert.Equal(
                [
                    "201,202", "0x22222222", "", "", "", "", "0x11111111,0x22222222", "25", "-2", "131088", "480",
                    senderReport.SenderInfo.NtpTimestamp.Middle32.ToString(), "3276", "1,0", "bob@192.0.2.20", "1",
                ],
                frames[1][..16]);
            // tshark matches the RR's LSR to frame 1 and finds 100 ms on the wire less Bob's 50 ms hold.
            Assert.Equal("1", frames[1][16]);
            Assert.InRange(int.Parse(frames[1][17], CultureInfo.InvariantCulture), 49, 51);
            foreach (var frame in frames)
            {
                Assert.Equal("", frame[18]);
                // Expert items below warning (0x00600000) only: the round-trip note, nothing malformed or odd.
                foreach (var severity in frame[19].Split(',', StringSplitOptions.RemoveEmptyEntries))
                    Assert.True(int.Parse(severity, CultureInfo.InvariantCulture) < 0x0060_0000, $"expert severity {severity}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Compound(SenderReport report, string cname)
    {
        var bytes = new byte[RtcpPacket.GetCompoundLength(report, cname)];
        RtcpPacket.WriteCompound(bytes, report, cname);
        return bytes;
    }

    private static byte[] Compound(ReceiverReport report, string cname)
    {
        var bytes = new byte[RtcpPacket.GetCompoundLength(report, cname)];
        RtcpPacket.WriteCompound(bytes, report, cname);
        return bytes;
    }

    private static async Task<string> Tshark(params string[] arguments)
    {
        var start = new ProcessStartInfo("tshark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("tshark did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"tshark is required (Debian package tshark, see tests/env/rtcp.sh): {e.Message}");
            throw;
        }
        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"tshark exited with {process.ExitCode}: {await error}");
            return await output;
        }
    }
}
