# shellcheck shell=bash
# libsrtp through GStreamer for tests/Sala.Cli.Tests (SrtpInteropTests): srtpdec (gstreamer1.0-plugins-bad, built on
# libsrtp2) decrypts a captured Sala call with the keys `sala client --key-log` wrote, pcapparse reads the capture,
# rtpopusdepay and opusdec (-good, -base) decode it, gst-launch-1.0 (-tools) runs it. tshark (tests/env/rtcp.sh)
# captures. The test fails, not skips, when any of these is missing.
packages+=(gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad)
