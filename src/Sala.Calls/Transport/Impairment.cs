using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sala.Calls.Transport;

/// <summary>
/// What <see cref="ImpairedTransport"/> does to outgoing datagrams: loss and duplication probabilities, a base delay
/// plus a uniformly random extra delay up to <see cref="Jitter"/> (which also reorders), from a seeded generator.
/// </summary>
public sealed record Impairment(double Loss = 0, TimeSpan Delay = default, TimeSpan Jitter = default, double Duplicate = 0, int Seed = 1)
{
    public bool IsNone => Loss <= 0 && Delay <= TimeSpan.Zero && Jitter <= TimeSpan.Zero && Duplicate <= 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"loss={Loss * 100:0.#}%,delay={Delay.TotalMilliseconds:0}ms,jitter={Jitter.TotalMilliseconds:0}ms,dup={Duplicate * 100:0.#}%,seed={Seed}");

    /// <summary>Parses <c>loss=10%,delay=20ms,jitter=30ms,dup=1%,seed=7</c> (any subset, any order).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Impairment? impairment, out string? whyNot)
    {
        impairment = new Impairment();
        whyNot = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            switch (key)
            {
                case "loss" when TryPercent(value, out var loss):
                    impairment = impairment with { Loss = loss };
                    break;
                case "dup" when TryPercent(value, out var dup):
                    impairment = impairment with { Duplicate = dup };
                    break;
                case "delay" when TryMilliseconds(value, out var delay):
                    impairment = impairment with { Delay = delay };
                    break;
                case "jitter" when TryMilliseconds(value, out var jitter):
                    impairment = impairment with { Jitter = jitter };
                    break;
                case "seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed):
                    impairment = impairment with { Seed = seed };
                    break;
                default:
                    whyNot = $"'{part}' is not one of loss=N%, delay=Nms, jitter=Nms, dup=N%, seed=N";
                    impairment = null;
                    return false;
            }
        }
        return true;
    }

    private static bool TryPercent(string text, out double fraction)
    {
        fraction = 0;
        var ok = double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            && percent is >= 0 and <= 100;
        fraction = percent / 100;
        return ok;
    }

    private static bool TryMilliseconds(string text, out TimeSpan duration)
    {
        var ok = double.TryParse(text.EndsWith("ms", StringComparison.Ordinal) ? text[..^2] : text,
            NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms is >= 0 and <= 10_000;
        duration = TimeSpan.FromMilliseconds(ms);
        return ok;
    }
}
