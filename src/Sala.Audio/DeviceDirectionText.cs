namespace Sala.Audio;

/// <summary>Words for a direction in messages.</summary>
internal static class DeviceDirectionText
{
    public static string Noun(this DeviceDirection direction) => direction == DeviceDirection.Input ? "microphone" : "speaker";

    public static string Adjective(this DeviceDirection direction) => direction == DeviceDirection.Input ? "input" : "output";
}
