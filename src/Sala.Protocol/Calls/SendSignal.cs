using System.Net;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Calls;

public sealed record SendSignal(SignalingMessage Message, IPEndPoint To) : CallEffect;
