#!/usr/bin/env bash
# Runs Sala's whole test suite on a fresh Debian machine: installs what the tests need when it is missing,
# starts the services they use, runs every test project, and stops the services again.
#
# Each tests/env/*.sh declares what one kind of test needs: it may add Debian packages to `packages` and define
# env_start_<name> / env_stop_<name> functions, which this script calls around the test run.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*"; }

packages=()
for env_file in tests/env/*.sh; do
  [ -e "$env_file" ] || continue
  # shellcheck source=/dev/null
  source "$env_file"
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

stop_services() {
  for f in $(declare -F | awk '{print $3}' | grep '^env_stop_' || true); do "$f" || true; done
}
trap stop_services EXIT
for f in $(declare -F | awk '{print $3}' | grep '^env_start_' || true); do
  log "starting ${f#env_start_}"
  "$f"
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building"
dotnet build Sala.slnx -warnaserror -nologo -clp:ErrorsOnly
log "running every test project"
# One test project at a time: several of them run real-time calls, which must not fight over two cores.
dotnet test --solution Sala.slnx --no-build --max-parallel-test-modules 1
log "packing sala as a .NET tool, installing and running it"
tests/tool/install-check.sh
