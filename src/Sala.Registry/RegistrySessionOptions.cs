namespace Sala.Registry;

public sealed record RegistrySessionOptions
{
    public RegistryClientOptions Client { get; init; } = new();

    /// <summary>The first wait before reconnecting; each failed attempt doubles it, up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan FirstReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait between attempts: a registry back after an outage has every client again within this (plus
    /// a connect), well inside the 35 s issue 5 asks for, without a crowd of clients retrying every second.
    /// </summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A number in [0, 1) per attempt; each wait is scaled by 0.5 plus half of it, so clients that lost one server
    /// at once do not all come back in the same instant. Tests pass a constant.
    /// </summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;
}
