namespace Sala.Registry;

/// <summary>A text another user sent this one through the registry (<c>MSG &lt;from&gt; &lt;text&gt;</c>).</summary>
public sealed record RelayedMessage(string From, string Text);
