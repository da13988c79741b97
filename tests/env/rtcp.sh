# shellcheck shell=bash
# tshark for tests/Sala.Protocol.Tests (RtcpTsharkTests): an independent dissector must read Sala's RTCP sender and
# receiver reports as valid. The test fails, not skips, when tshark is missing.
packages+=(tshark)

# wireshark-common asks whether non-root users may capture; answer no before apt-get runs, so the install never
# waits on a question (the noninteractive frontend would take the same default).
if ! dpkg-query -W -f='${Status}' tshark 2>/dev/null | grep -q "install ok installed" \
  && command -v debconf-set-selections >/dev/null; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
fi
