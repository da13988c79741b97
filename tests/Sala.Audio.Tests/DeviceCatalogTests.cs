namespace Sala.Audio.Tests;

public sealed class DeviceCatalogTests
{
    private static readonly DeviceCatalog Linux = new(
    [
        Device(0, "HDA Intel PCH: ALC3246 Analog (hw:0,0)", inputs: 2, outputs: 2),
        Device(1, "USB Headset: Audio (hw:1,0)", inputs: 1, outputs: 2),
        Device(2, "HDMI 0 (hw:0,3)", inputs: 0, outputs: 8),
        Device(3, "pulse", inputs: 32, outputs: 32),
        Device(4, "default", inputs: 32, outputs: 32, isDefault: true),
    ]);

    [Theory]
    [InlineData("default", 4)]
    [InlineData("DEFAULT", 4)]
    [InlineData("", 4)]
    [InlineData("1", 1)]
    [InlineData("headset", 1)]
    [InlineData("usb HEADSET", 1)]
    [InlineData("pulse", 3)]
    [InlineData(" alc3246 ", 0)]
    public void Select_finds_a_microphone_by_default_index_or_part_of_its_name(string spec, int index) =>
        Assert.Equal(index, Linux.Select(spec, DeviceDirection.Input).Index);

    [Fact]
    public void A_whole_name_wins_over_names_that_contain_it()
    {
        var catalog = new DeviceCatalog([Device(0, "Mic", 1, 0), Device(1, "Mic (USB)", 1, 0), Device(2, "Mic Array", 1, 0)]);

        Assert.Equal(0, catalog.Select("mic", DeviceDirection.Input).Index);
    }

    [Fact]
    public void An_output_only_device_is_no_microphone()
    {
        var e = Assert.Throws<AudioDeviceSelectionException>(() => Linux.Select("HDMI", DeviceDirection.Input));

        Assert.Equal(
            "No microphone matches 'HDMI'; inputs are: 0 'HDA Intel PCH: ALC3246 Analog (hw:0,0)' (ALSA), " +
            "1 'USB Headset: Audio (hw:1,0)' (ALSA), 3 'pulse' (ALSA), 4 'default' (ALSA).",
            e.Message);
        Assert.Equal(2, Linux.Select("hdmi", DeviceDirection.Output).Index);
    }

    [Fact]
    public void An_ambiguous_name_lists_the_devices_it_matches()
    {
        var e = Assert.Throws<AudioDeviceSelectionException>(() => Linux.Select("hw:", DeviceDirection.Output));

        Assert.Equal(
            "Several speakers match 'hw:': 0 'HDA Intel PCH: ALC3246 Analog (hw:0,0)' (ALSA), 1 'USB Headset: Audio (hw:1,0)' (ALSA), " +
            "2 'HDMI 0 (hw:0,3)' (ALSA); give the index or more of the name.",
            e.Message);
    }

    [Fact]
    public void An_index_that_is_not_a_microphone_is_refused()
    {
        var e = Assert.Throws<AudioDeviceSelectionException>(() => Linux.Select("2", DeviceDirection.Input));

        Assert.StartsWith("No microphone has index 2; inputs are: 0 'HDA Intel PCH", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_device_under_several_host_apis_is_taken_from_the_default_one()
    {
        // Windows lists a device once per host API; the names match alike.
        var catalog = new DeviceCatalog(
        [
            Device(1, "Microphone (Realtek Audio)", 2, 0, hostApi: "MME", inDefaultHostApi: true),
            Device(5, "Microphone (Realtek Audio)", 2, 0, hostApi: "Windows DirectSound", inDefaultHostApi: false),
            Device(9, "Microphone (Realtek Audio)", 2, 0, hostApi: "Windows WASAPI", inDefaultHostApi: false),
        ]);

        Assert.Equal(1, catalog.Select("realtek", DeviceDirection.Input).Index);
    }

    [Fact]
    public void No_microphone_at_all_is_reported_as_unavailable_with_the_file_devices_hint()
    {
        var catalog = new DeviceCatalog([Device(2, "HDMI 0 (hw:0,3)", inputs: 0, outputs: 8)]);

        var e = Assert.Throws<AudioUnavailableException>(() => catalog.Select("default", DeviceDirection.Input));

        Assert.Equal(AudioUnavailableReason.NoDevice, e.Reason);
        Assert.StartsWith("No microphone found: PortAudio works but lists no input device", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("meanwhile file devices work: --mic FILE.wav|tone:HZ|silence, --speaker FILE.wav|null.", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void No_default_microphone_asks_for_a_name_or_index()
    {
        var catalog = new DeviceCatalog([Device(0, "Mic", 1, 0)]);

        var e = Assert.Throws<AudioDeviceSelectionException>(() => catalog.Select("default", DeviceDirection.Input));

        Assert.Equal("PortAudio has no default microphone; pick one by name or index: 0 'Mic' (ALSA).", e.Message);
    }

    [Fact]
    public void An_empty_catalog_is_unavailable()
    {
        var e = Assert.Throws<AudioUnavailableException>(() => new DeviceCatalog([]).EnsureAny());

        Assert.Equal(AudioUnavailableReason.NoDevice, e.Reason);
    }

    private static AudioDeviceInfo Device(
        int index, string name, int inputs, int outputs, bool isDefault = false, string hostApi = "ALSA", bool inDefaultHostApi = true) =>
        new(index, name, hostApi, inputs, outputs, 44_100, isDefault && inputs > 0, isDefault && outputs > 0, inDefaultHostApi,
            TimeSpan.FromMilliseconds(8.7), TimeSpan.FromMilliseconds(8.7));
}
