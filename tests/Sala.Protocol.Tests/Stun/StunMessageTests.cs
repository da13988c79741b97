using System.Buffers.Binary;
using System.Net;
using Sala.Protocol.Stun;

namespace Sala.Protocol.Tests.Stun;

/// <summary>RFC 5769's test vectors, byte for byte, then what the parser must refuse.</summary>
public sealed class StunMessageTests
{
    private const string ShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";

    /// <summary>RFC 5769 §2.1: a Binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, integrity, fingerprint.</summary>
    private static readonly byte[] SampleRequest = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff"
        + "80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249"
        + "c1b571a280280004e57a3bcf");

    /// <summary>RFC 5769 §2.2: the success response mapping to 192.0.2.1:32853.</summary>
    private static readonly byte[] SampleIPv4Response = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643"
        + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96");

    /// <summary>RFC 5769 §2.3: the success response mapping to [2001:db8:1234:5678:11:2233:4455:6677]:32853.</summary>
    private static readonly byte[] SampleIPv6Response = Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f722000200014"
        + "0002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c");

    /// <summary>RFC 5769 §2.4: long-term credentials; the password "TheMatrIX" after SASLprep.</summary>
    private static readonly byte[] SampleLongTermRequest = Convert.FromHexString(
        "000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383aae38383e382afe382b90000"
        + "0015001c662f2f3439396b39353464364f4c33346f4c394653547679363473410014000b6578616d706c652e6f726700"
        + "00080014f67024656dd64a3e02b8e0712e85c9a28ca89666");

    [Fact]
    public void The_sample_request_parses_and_its_integrity_checks_under_the_short_term_password()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var message, out var error), error);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal("evtj:h6vY", message.GetString(StunAttributeType.Username));
        Assert.Equal("STUN test client", message.GetString(StunAttributeType.Software));
        Assert.True(message.TryGetUInt32(StunAttributeType.Priority, out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetUInt64(StunAttributeType.IceControlled, out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.True(message.VerifyIntegrity(StunCredentials.ShortTermKey(ShortTermPassword)));
        Assert.False(message.VerifyIntegrity(StunCredentials.ShortTermKey("wrong password")));
    }

    [Fact]
    public void The_sample_request_is_written_again_byte_for_byte()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var sample, out _));
        var writer = new StunMessageWriter(StunMethod.Binding, StunClass.Request, sample.TransactionId)
            .AddString(StunAttributeType.Software, "STUN test client")
            .AddUInt32(StunAttributeType.Priority, 0x6e0001ff)
            .AddUInt64(StunAttributeType.IceControlled, 0x932ff9b151263b36);
        // RFC 5769 pads USERNAME with spaces; padding bytes are arbitrary, and Sala writes zeros.
        var withZeroPadding = SampleRequest.ToArray();
        writer.AddString(StunAttributeType.Username, "evtj:h6vY")
            .AddMessageIntegrity(StunCredentials.ShortTermKey(ShortTermPassword))
            .AddFingerprint();
        var written = writer.ToArray();

        Assert.Equal(withZeroPadding.Length, written.Length);
        Assert.Equal(withZeroPadding[..0x48], written[..0x48]);
        Assert.True(StunMessage.TryParse(written, out var reparsed, out var error), error);
        Assert.True(reparsed.VerifyIntegrity(StunCredentials.ShortTermKey(ShortTermPassword)));
    }

    [Fact]
    public void The_sample_IPv4_response_maps_to_192_0_2_1_port_32853()
    {
        Assert.True(StunMessage.TryParse(SampleIPv4Response, out var message, out var error), error);
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.VerifyIntegrity(StunCredentials.ShortTermKey(ShortTermPassword)));
    }

    [Fact]
    public void The_sample_response_is_written_again_byte_for_byte()
    {
        Assert.True(StunMessage.TryParse(SampleIPv4Response, out var sample, out _));
        var written = new StunMessageWriter(StunMethod.Binding, StunClass.SuccessResponse, sample.TransactionId)
            .AddString(StunAttributeType.Software, "test vector")
            .AddXorAddress(StunAttributeType.XorMappedAddress, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853))
            .AddMessageIntegrity(StunCredentials.ShortTermKey(ShortTermPassword))
            .AddFingerprint()
            .ToArray();

        // The sample pads SOFTWARE with a space; with zero padding the HMAC and CRC differ, so compare around them.
        Assert.Equal(SampleIPv4Response[..0x23], written[..0x23]);
        Assert.Equal(SampleIPv4Response[0x24..0x34], written[0x24..0x34]);
    }

    [Fact]
    public void The_long_term_sample_checks_under_MD5_of_user_realm_and_password()
    {
        Assert.True(StunMessage.TryParse(SampleLongTermRequest, out var message, out var error), error);
        var user = message.GetString(StunAttributeType.Username)!;
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", user);
        Assert.Equal("example.org", message.GetString(StunAttributeType.Realm));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", message.GetString(StunAttributeType.Nonce));
        Assert.True(message.VerifyIntegrity(StunCredentials.LongTermKey(user, "example.org", "TheMatrIX")));
        Assert.False(message.VerifyIntegrity(StunCredentials.LongTermKey(user, "example.org", "TheMatrix")));
    }

    [Fact]
    public void The_sample_IPv6_response_maps_to_its_address_and_checks()
    {
        Assert.True(StunMessage.TryParse(SampleIPv6Response, out var message, out var error), error);
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.VerifyIntegrity(StunCredentials.ShortTermKey(ShortTermPassword)));
    }

    /// <summary>
    /// The writer pads with zeros and the samples with spaces, so a written sample differs in its padding and hence in
    /// its HMAC and CRC. Here the writer's own integrity and fingerprint code runs on each sample's exact bytes and
    /// must give the sample's values (RFC 8489 §14.5 and §14.7: the length field adjusted, the XOR constant).
    /// </summary>
    [Theory]
    [InlineData(nameof(SampleRequest))]
    [InlineData(nameof(SampleIPv4Response))]
    [InlineData(nameof(SampleIPv6Response))]
    public void Integrity_and_fingerprint_computed_over_a_sample_are_the_samples_own_bytes(string sample)
    {
        var bytes = sample switch
        {
            nameof(SampleRequest) => SampleRequest,
            nameof(SampleIPv4Response) => SampleIPv4Response,
            _ => SampleIPv6Response,
        };
        var fingerprintAt = bytes.Length - 8;
        var integrityAt = fingerprintAt - 24;
        Assert.Equal(0x0008, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(integrityAt)));
        Assert.Equal(0x8028, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(fingerprintAt)));

        var hmac = new byte[20];
        StunMessage.ComputeIntegrity(bytes.AsSpan(0, integrityAt), StunCredentials.ShortTermKey(ShortTermPassword), hmac);
        Assert.Equal(Convert.ToHexString(bytes, integrityAt + 4, 20), Convert.ToHexString(hmac));
        var crc = StunMessage.Fingerprint(bytes.AsSpan(0, fingerprintAt), bytes.Length);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(fingerprintAt + 4)), crc);
    }

    [Fact]
    public void The_long_term_sample_is_written_again_byte_for_byte()
    {
        // This sample pads with zeros, as Sala does, so every byte can be compared, MESSAGE-INTEGRITY included.
        Assert.True(StunMessage.TryParse(SampleLongTermRequest, out var sample, out _));
        var user = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        var written = new StunMessageWriter(StunMethod.Binding, StunClass.Request, sample.TransactionId)
            .AddString(StunAttributeType.Username, user)
            .AddString(StunAttributeType.Nonce, "f//499k954d6OL34oL9FSTvy64sA")
            .AddString(StunAttributeType.Realm, "example.org")
            .AddMessageIntegrity(StunCredentials.LongTermKey(user, "example.org", "TheMatrIX"))
            .ToArray();

        Assert.Equal(Convert.ToHexString(SampleLongTermRequest), Convert.ToHexString(written));
    }

    [Fact]
    public void An_IPv6_address_goes_through_the_XOR_with_the_transaction_id()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        var bytes = new StunMessageWriter(StunMethod.Binding, StunClass.SuccessResponse, StunTransactionId.NewRandom())
            .AddXorAddress(StunAttributeType.XorMappedAddress, endPoint).AddFingerprint().ToArray();

        Assert.True(StunMessage.TryParse(bytes, out var message, out _));
        Assert.True(message.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var read));
        Assert.Equal(endPoint, read);
        // On the wire the address is not in the clear.
        Assert.Equal(-1, bytes.AsSpan().IndexOf(endPoint.Address.GetAddressBytes()));
    }

    [Fact]
    public void An_error_response_carries_its_code_and_reason()
    {
        var bytes = new StunMessageWriter(StunMethod.Allocate, StunClass.ErrorResponse, StunTransactionId.NewRandom())
            .AddError(401, "Unauthorized").ToArray();

        Assert.True(StunMessage.TryParse(bytes, out var message, out _));
        Assert.Equal(StunMethod.Allocate, message.Method);
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetError(out var code, out var reason));
        Assert.Equal(401, code);
        Assert.Equal("Unauthorized", reason);
    }

    [Fact]
    public void Every_method_and_class_round_trips_through_the_type_field()
    {
        foreach (var method in Enum.GetValues<StunMethod>())
        {
            foreach (var @class in Enum.GetValues<StunClass>())
            {
                var bytes = new StunMessageWriter(method, @class, StunTransactionId.NewRandom()).ToArray();
                Assert.True(StunMessage.TryParse(bytes, out var message, out _));
                Assert.Equal((method, @class), (message.Method, message.Class));
            }
        }
    }

    [Fact]
    public void A_changed_byte_breaks_the_fingerprint_and_the_message_is_not_STUN()
    {
        var tampered = SampleRequest.ToArray();
        tampered[30] ^= 1;

        Assert.False(StunMessage.TryParse(tampered, out _, out var error));
        Assert.Contains("FINGERPRINT", error);
    }

    [Fact]
    public void Every_prefix_and_every_truncated_length_is_refused_without_an_exception()
    {
        for (var length = 0; length < SampleRequest.Length; length++)
            Assert.False(StunMessage.TryParse(SampleRequest.AsSpan(0, length), out _, out _));
    }

    [Theory]
    [InlineData("000100082112a442000000000000000000000000" + "00060010" + "41414141", "past the end")]
    [InlineData("000100082112a442000000000000000000000000" + "80220008" + "41414141", "past the end")]
    [InlineData("000100042112a442000000000000000000000000" + "0006", "the length field")]
    [InlineData("000100182112a442000000000000000000000000" + "000800100000000000000000000000000000000000000000", "20 bytes")]
    [InlineData("000100102112a442000000000000000000000000" + "80280004000000000006000141000000", "last attribute")]
    [InlineData("000100002112a443000000000000000000000000", "magic cookie")]
    [InlineData("800100002112a442000000000000000000000000", "first bits")]
    public void Malformed_messages_are_refused_with_a_reason(string hex, string why)
    {
        Assert.False(StunMessage.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Contains(why, error);
    }

    [Theory]
    [InlineData(0x00, true)]
    [InlineData(0x03, true)]
    [InlineData(0x04, false)]
    public void Only_a_first_byte_from_0_to_3_with_the_cookie_looks_like_stun_as_RFC_7983_sorts_datagrams(byte first, bool stun)
    {
        var header = Convert.FromHexString("000100002112a442000000000000000000000000");
        header[0] = first;
        Assert.Equal(stun, StunMessage.LooksLikeStun(header));
    }

    [Fact]
    public void A_message_of_exactly_the_largest_size_is_read_and_one_word_more_is_refused()
    {
        static byte[] WithOneAttribute(int valueLength)
        {
            var bytes = new byte[20 + 4 + valueLength];
            Convert.FromHexString("000100002112a442000000000000000000000000").CopyTo(bytes, 0);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(4 + valueLength));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(20), 0x8022);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), (ushort)valueLength);
            return bytes;
        }

        var largest = WithOneAttribute(StunMessage.MaxBytes - 24);
        Assert.Equal(StunMessage.MaxBytes, largest.Length);
        Assert.True(StunMessage.TryParse(largest, out _, out var error), error);
        Assert.False(StunMessage.TryParse(WithOneAttribute(StunMessage.MaxBytes - 20), out _, out error));
        Assert.Contains("longer", error);
    }

    [Fact]
    public void More_attributes_than_any_real_message_are_refused()
    {
        var writer = new StunMessageWriter(StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom());
        for (var i = 0; i < 40; i++)
            writer.AddFlag(StunAttributeType.UseCandidate);

        Assert.False(StunMessage.TryParse(writer.ToArray(), out _, out var error));
        Assert.Contains("attributes", error);
    }

    [Fact]
    public void Unknown_comprehension_required_attributes_are_named_and_optional_ones_are_not()
    {
        var bytes = new StunMessageWriter(StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom())
            .AddFlag(0x0033).AddFlag(0x8033).AddFlag(StunAttributeType.UseCandidate).ToArray();

        Assert.True(StunMessage.TryParse(bytes, out var message, out _));
        Assert.Equal([(ushort)0x0033], message.UnknownRequiredAttributes([StunAttributeType.UseCandidate]));
    }

    [Fact]
    public void Channel_data_frames_and_unframes_and_refuses_a_length_past_the_datagram()
    {
        var buffer = new byte[64];
        var written = TurnChannelData.Write(0x4001, "hello"u8, buffer);

        Assert.True(TurnChannelData.TryRead(buffer.AsSpan(0, written), out var channel, out var data));
        Assert.Equal(0x4001, channel);
        Assert.Equal("hello"u8.ToArray(), data.ToArray());
        Assert.False(TurnChannelData.TryRead(buffer.AsSpan(0, written - 1), out _, out _));
        Assert.False(TurnChannelData.TryRead([0x50, 0x00, 0x00, 0x00], out _, out _));
    }
}
