using System.Net;
using Sala.Protocol.Identity;

namespace Sala.Protocol.Registry;

/// <summary>
/// A user as a GET reply or a LIST line gives it: <c>&lt;name&gt; &lt;ip&gt; &lt;port&gt; [id=&lt;fingerprint&gt;]</c>, the
/// identity only when the registration proved one.
/// </summary>
public readonly record struct RegistryEntry(string Name, IPAddress Address, int Port, IdentityFingerprint? Identity);
