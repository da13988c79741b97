using Sala.Calls;
using Spectre.Console;

namespace Sala.Cli.Client;

internal sealed partial class ClientApp
{
    /// <summary>A few refreshes a second: smooth meters, and nothing the audio loop would notice.</summary>
    private static readonly TimeSpan PanelRefresh = TimeSpan.FromMilliseconds(250);

    private const int MaxPanelNotices = 3;

    private readonly List<string> _panelNotices = [];
    private CancellationTokenSource? _panelStop;
    private Task _panel = Task.CompletedTask;

    /// <summary>Shows the live panel until the call ends; only for a person at a terminal, never in plain output.</summary>
    private void StartPanel(CallConnectedEvent connected)
    {
        if (_options.Plain)
            return;
        _panelStop = new CancellationTokenSource();
        var stop = _panelStop.Token;
        lock (_panelNotices)
            _panelNotices.Clear();
        _view.DivertEvents(notice =>
        {
            lock (_panelNotices)
                _panelNotices.Add(notice);
        });
        var path = DescribeWithSetup(PathOf(connected.Call));
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
            string[] notices;
            lock (_panelNotices)
                notices = [.. _panelNotices.TakeLast(MaxPanelNotices)];
            return CallPanel.Render(connected.Call, connected.Security, last, _agent.Muted, notices, path);
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
        _view.DivertEvents(null);
        // What the panel showed in passing stays in the scrollback, in order, after the panel.
        string[] notices;
        lock (_panelNotices)
            notices = [.. _panelNotices];
        foreach (var notice in notices)
            _view.Event(notice);
    }
}
