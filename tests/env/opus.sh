# shellcheck shell=bash
# Native Opus for tests/Sala.Media.Tests (NativeOpusCodecTests): Sala loads libopus.so.0 itself through NativeLibrary
# and falls back to Concentus without it; the tests of the native path fail, not skip, when it is missing.
packages+=(libopus0)
