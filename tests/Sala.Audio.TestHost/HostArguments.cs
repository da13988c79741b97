using System.Globalization;

namespace Sala.Audio.TestHost;

/// <summary>Positional arguments and <c>--name value</c> options (a name followed by another option or nothing is a flag).</summary>
internal sealed class HostArguments
{
    private readonly List<string> _positional = [];
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public HostArguments(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                _positional.Add(list[i]);
                continue;
            }

            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
            _options[list[i][2..]] = hasValue ? list[++i] : null;
        }
    }

    public string this[int index] => index < _positional.Count ? _positional[index] : throw new ArgumentException($"argument {index + 1} is missing");

    public bool Flag(string name) => _options.ContainsKey(name);

    public int? Number(string name) =>
        _options.TryGetValue(name, out var value) && value is not null ? int.Parse(value, CultureInfo.InvariantCulture) : null;

    public AudioDeviceOptions DeviceOptions()
    {
        var options = AudioDeviceOptions.Default with { DeviceSampleRate = Number("rate") };
        if (Number("latency-ms") is { } latency)
            options = options with { SuggestedLatency = TimeSpan.FromMilliseconds(latency) };
        if (Number("queue-ms") is { } queue)
            options = options with { QueueLimit = TimeSpan.FromMilliseconds(queue) };
        return options;
    }
}
