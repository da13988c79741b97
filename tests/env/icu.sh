# shellcheck shell=bash
# ICU for tests/Sala.Protocol.Tests and Sala.Registry.Tests (UserNameTests, LookAlikeNameTests): Sala loads
# libicui18n.so.<version> itself for UTS #39's spoof checker, the ICU .NET already needs on Linux (Debian 12: 72);
# without it names beyond ASCII are refused and those tests fail, not skip.
packages+=(libicu72)
