# shellcheck shell=bash
# Audio for tests/Sala.Audio.Tests: PortAudio (libportaudio2) with ALSA's file plugin for the deterministic tests,
# and a user-mode PulseAudio reached through ALSA's pulse plugin for the real-time ones. Nothing is started here:
# the tests start and stop their own PulseAudio in a temporary directory, and fail (not skip) when these are missing.
packages+=(libportaudio2 alsa-utils pulseaudio pulseaudio-utils libasound2-plugins)
