using System.Net;

namespace Sala.Calls.Connectivity;

/// <summary>A check that arrived before the checks proper began: where from, which way, and the priority it announced.</summary>
internal sealed record EarlyRequest(IPEndPoint From, bool ViaRelay, uint Priority);
