using Sala.Calls;
using Spectre.Console;

namespace Sala.Cli.Client;

internal sealed partial class ClientApp
{
    /// <summary>A few refreshes a second: smooth meters, and nothing the audio loop would notice.</summary>
    private static readonly TimeSpan PanelRefresh = TimeSpan.FromMilliseconds(250);

    private CancellationTokenSource? _panelStop;
    private Task _panel = Task.CompletedTask;

    /// <summary>Shows the live panel until the call ends; only for a person at a terminal, never in plain output.</summary>
    private void StartPanel(CallConnectedEvent connected)
    {
        if (_options.Plain)
            return;
        _panelStop = new CancellationTokenSource();
        var stop = _panelStop.Token;
        // The figures of the last refresh stay on screen when the call ends and its media is gone.
        Sala.Calls.Media.MediaStatistics? last = null;
        _panel = _view.Console.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    context.UpdateTarget(Render());
                    context.Refresh();
                    await Task.Delay(PanelRefresh, _time, stop);
                }
            }
            catch (OperationCanceledException)
            {
            }
            context.UpdateTarget(Render());
        });

        Spectre.Console.Rendering.IRenderable Render()
        {
            last = _agent!.Statistics ?? last;
            return CallPanel.Render(connected.Call, connected.Security, last, _agent.Muted);
        }
    }

    private async Task StopPanelAsync()
    {
        if (_panelStop is null)
            return;
        await _panelStop.CancelAsync();
        await _panel;
        _panelStop.Dispose();
        _panelStop = null;
    }
}
