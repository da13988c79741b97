#!/usr/bin/env bash
# Packs `sala` as a .NET tool, installs the fresh package into a throwaway tool path from that package alone, and runs
# it: `sala --help`, then `sala server` answering PING and serving /metrics, stopped with SIGTERM. Run by test.sh after
# the test projects, so CI proves on a clean clone that the install README gives works.
set -euo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d -t sala-tool.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "tests/tool/install-check.sh: $*" >&2; [ -f "$work/server.log" ] && cat "$work/server.log" >&2; exit 1; }

dotnet pack src/Sala.Cli -c Release -o "$work/artifacts" -nologo -v quiet -p:TreatWarningsAsErrors=true >/dev/null
package=$(ls "$work/artifacts"/sala.*.nupkg) || fail "dotnet pack made no sala package"
version=$(basename "$package" .nupkg); version=${version#sala.}

# Only the fresh package as a source: a package of the same name anywhere else must not be installed instead.
cat >"$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="fresh" value="$work/artifacts" />
  </packageSources>
</configuration>
CONFIG
dotnet tool install --tool-path "$work/tools" --configfile "$work/nuget.config" --version "$version" sala >/dev/null
sala="$work/tools/sala"
[ -x "$sala" ] || fail "no sala command in the tool path"
"$sala" --help | grep -q "server" || fail "sala --help does not list the server command"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 40000)); }
metrics_port=$(free_port)
"$sala" server --bind 127.0.0.1 --port 0 --metrics-port "$metrics_port" --data-dir "$work/state" >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/^Sala registry listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/server.log")
  [ -n "$port" ] && grep -q "^Sala registry metrics on " "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || fail "the installed sala server exited"
  sleep 0.1
done
[ -n "$port" ] || fail "the installed sala server printed no address"

exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'PING\n' >&3
read -r -t 10 reply <&3 || true
exec 3<&-
[ "${reply%$'\r'}" = "PONG" ] || fail "PING got '$reply'"

exec 4<>"/dev/tcp/127.0.0.1/$metrics_port"
printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&4
metrics=$(timeout 10 cat <&4 || true)
exec 4<&-
grep -q '^sala_registry_requests_total{.*command="ping",outcome="ok"} 1' <<<"$metrics" || fail "/metrics does not count the PING"

kill -TERM "$server_pid"
wait "$server_pid" || fail "sala server exited $? on SIGTERM"
server_pid=""
grep -q "^Sala registry stopped$" "$work/server.log" || fail "sala server did not say it stopped"
echo "tool: sala $version packed, installed and run (server answered PING and served /metrics)"
