using BenchmarkDotNet.Attributes;
using Sala.Protocol.Calls;
using Sala.Protocol.Security;

namespace Sala.Benchmarks.Micro;

/// <summary>
/// What a call's key agreement costs in CPU, both sides together, as CallSecurity runs it: ECDH P-256 alone (calls
/// before ML-KEM, the baseline) against the hybrid with ML-KEM-768; and the three ML-KEM operations apart (the
/// caller makes the key pair and decapsulates, the callee encapsulates).
/// </summary>
[MemoryDiagnoser]
public class CallKeyAgreementBenchmarks
{
    private readonly string _callId = "Qx81c2F1bGFsYWxh";
    private MlKemKeyPair _pair = null!;
    private MlKemKeyPair? _made;
    private string _ciphertext = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pair = new MlKemKeyPair();
        if (!MlKem768.TryEncapsulate(_pair.EncapsulationKey, out var ciphertext, out _))
            throw new InvalidOperationException("no ciphertext");
        _ciphertext = ciphertext;
    }

    [Benchmark(Baseline = true, Description = "ECDH P-256 agreement, both sides")]
    public int Classic()
    {
        using var caller = new CallKeyExchange();
        using var callee = new CallKeyExchange();
        var transcript = new CallTranscript(_callId, "alice", "bob", caller.PublicShare, callee.PublicShare);
        if (!callee.TryDerive(caller.PublicShare, CallRole.Callee, transcript, out var calleeKeys)
            || !caller.TryDerive(callee.PublicShare, CallRole.Caller, transcript, out var callerKeys))
            throw new InvalidOperationException("no keys");
        return calleeKeys.SendKey[0] ^ callerKeys.SendKey[0];
    }

    [Benchmark(Description = "ECDH P-256 + ML-KEM-768 agreement, both sides")]
    public int Hybrid()
    {
        using var caller = new CallKeyExchange();
        var pair = new MlKemKeyPair();
        using var callee = new CallKeyExchange();
        if (!MlKem768.TryEncapsulate(pair.EncapsulationKey, out var ciphertext, out var calleeSecret))
            throw new InvalidOperationException("no ciphertext");
        var transcript = new CallTranscript(_callId, "alice", "bob", caller.PublicShare, callee.PublicShare, pair.EncapsulationKey, ciphertext);
        if (!callee.TryDerive(caller.PublicShare, calleeSecret, CallRole.Callee, transcript, out var calleeKeys)
            || !pair.TryDecapsulate(ciphertext, out var callerSecret)
            || !caller.TryDerive(callee.PublicShare, callerSecret, CallRole.Caller, transcript, out var callerKeys))
            throw new InvalidOperationException("no keys");
        return calleeKeys.SendKey[0] ^ callerKeys.SendKey[0];
    }

    [Benchmark(Description = "ML-KEM-768 key pair (caller)")]
    public int KeyPair()
    {
        _made = new MlKemKeyPair();
        return _made.EncapsulationKey.Length;
    }

    [Benchmark(Description = "ML-KEM-768 encapsulate (callee)")]
    public int Encapsulate() => MlKem768.TryEncapsulate(_pair.EncapsulationKey, out var ciphertext, out _) ? ciphertext.Length : -1;

    [Benchmark(Description = "ML-KEM-768 decapsulate (caller)")]
    public int Decapsulate() => _pair.TryDecapsulate(_ciphertext, out var secret) ? secret[0] : -1;
}
