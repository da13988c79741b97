# shellcheck shell=bash
# speexdsp for tests/Sala.Media.Tests (EchoCancellerTests, NoiseSuppressorTests): Sala loads libspeexdsp.so.1 itself
# through NativeLibrary; without it the stages cannot be made and those tests fail, not skip.
packages+=(libspeexdsp1)
