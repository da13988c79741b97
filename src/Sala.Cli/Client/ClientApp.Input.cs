namespace Sala.Cli.Client;

internal sealed partial class ClientApp
{
    private async Task OnLineAsync(string line, CancellationToken cancellationToken)
    {
        if (IsSingleKeyMode())
        {
            if (line.Length > 0)
                await OnKeyAsync(char.ToUpperInvariant(line[0]), cancellationToken);
            return;
        }
        if (await TryTakeNewNameAsync(line, cancellationToken))
            return;
        switch (_mode)
        {
            case ClientMode.Menu when line == "0":
                Exit(ExitCodes.Ok);
                break;
            case ClientMode.Menu when line == "1":
                await ShowOnlineAsync(cancellationToken);
                break;
            case ClientMode.Menu:
                if (line.Length > 0)
                    _view.Problem($"'{line}' is not a choice: 0 disconnects, 1 calls someone");
                break;
            case ClientMode.AskingCallee when line.Length == 0:
                ShowMenu();
                break;
            case ClientMode.AskingCallee:
                await PlaceCallAsync(ChooseCallee(line), cancellationToken);
                break;
        }
    }

    private Task OnKeyAsync(char key, CancellationToken cancellationToken)
    {
        switch (_mode, key)
        {
            case (ClientMode.Ringing, 'Y'):
                _mode = ClientMode.Answering;
                _agent!.Accept();
                break;
            case (ClientMode.Ringing, 'N'):
                _agent!.Reject();
                break;
            case (ClientMode.Calling, ClientView.CancelKey) when _finding is not null:
                _finding.Cancel();
                break;
            case (ClientMode.Calling, ClientView.CancelKey):
            case (ClientMode.InCall, ClientView.HangUpKey):
                _agent!.HangUp();
                break;
            case (ClientMode.InCall, ClientView.MuteKey):
                _agent!.Muted = !_agent.Muted;
                if (_options.Plain)
                    _view.Event(_agent.Muted ? "microphone muted" : "microphone on");
                break;
            case (ClientMode.InCall or ClientMode.Calling or ClientMode.Answering, '0'):
                _view.Problem($"end the call first (press {(_mode == ClientMode.Calling ? ClientView.CancelKey : ClientView.HangUpKey)}), then 0 disconnects");
                break;
            case (ClientMode.Ringing, _):
                _view.Problem("press Y to accept or N to reject");
                break;
        }
        return Task.CompletedTask;
    }

    private Task OnInputClosedAsync()
    {
        // A script that gave no input still drives the client through its flags; a person who closed input is done.
        if (!_options.IsScripted)
        {
            _finding?.Cancel();
            _agent?.HangUp();
            Exit(ExitCodes.Ok);
        }
        return Task.CompletedTask;
    }
}
