namespace Sala.Cli.Identity;

/// <summary>What <see cref="KnownPeers.Recognize"/> makes of a peer's identity.</summary>
internal enum PeerRecognition
{
    /// <summary>The peer proved no identity: nothing to recognise, the call's four-word code is all there is.</summary>
    NoIdentity,

    /// <summary>The first call with this name: its identity is trusted now and remembered.</summary>
    FirstCall,

    /// <summary>The identity remembered for this name.</summary>
    Known,

    /// <summary>Another identity than the one remembered for this name: maybe someone else.</summary>
    Changed,
}
