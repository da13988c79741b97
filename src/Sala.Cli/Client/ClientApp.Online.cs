using System.Globalization;
using Sala.Registry;

namespace Sala.Cli.Client;

internal sealed partial class ClientApp
{
    /// <summary>Who could be called when menu 1 was chosen, numbered as shown.</summary>
    private IReadOnlyList<Registration> _online = [];

    /// <summary>Menu 1: shows who is online (from LIST), then asks for a number or a name.</summary>
    private async Task ShowOnlineAsync(CancellationToken cancellationToken)
    {
        try
        {
            _online = [.. (await _registry!.ListAsync(cancellationToken))
                .Where(r => !string.Equals(r.Name, _name, StringComparison.OrdinalIgnoreCase))];
        }
        catch (Exception ex) when (ex is RegistryUnavailableException or RegistryProtocolException)
        {
            // The list is a convenience: a name typed in can still be looked up when the registry answers again.
            _online = [];
            _view.Problem($"cannot list who is online now: {ex.Message}");
        }
        _view.Online(_online);
        _mode = ClientMode.AskingCallee;
        _view.Prompt(_online.Count == 0 ? "Name to call (empty for the menu):" : "Call whom? (number or name, empty for the menu):");
    }

    /// <summary>A number picks from the list just shown; anything else is a name.</summary>
    private string ChooseCallee(string line) =>
        int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= _online.Count
            ? _online[number - 1].Name
            : line;
}
