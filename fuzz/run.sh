#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers and buffers that read network bytes (issue 5 item 4), with SharpFuzz and
# AFL++. Usage: fuzz/run.sh [SECONDS per target, default 300] [TARGET...]   (targets: registry replies signaling rtp srtp rtcp srtcp stun opus
# playout). Installs AFL++ (Debian afl++) and the sharpfuzz tool when missing, publishes the harness, instruments
# Sala.Protocol.dll and Sala.Media.dll, runs afl-fuzz on each target for SECONDS, and prints executions, coverage
# and crashes per target. Findings stay in fuzz/findings/<target>; a crash replays with
#   dotnet fuzz/out/Sala.Fuzz.dll <target> fuzz/findings/<target>/default/crashes/id:...
# and every crash becomes a named regression test in the test projects. CI runs those tests, not this.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(registry replies signaling rtp srtp rtcp srtcp playout stun opus)

log() { printf '[fuzz] %s\n' "$*"; }
if ! command -v afl-fuzz >/dev/null; then
  log "installing afl++"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0 >/dev/null

log "publishing and instrumenting"
rm -rf out
dotnet publish Sala.Fuzz -c Release -o out -nologo -v q >/dev/null
for dll in Sala.Protocol.dll Sala.Media.dll; do sharpfuzz "out/$dll" >/dev/null; done

# dotnet is not an AFL-instrumented binary (the instrumented code is inside the managed DLLs); no CPU governor
# or core dump settings may be changed in this sandbox.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export DOTNET_TieredCompilation=0 DOTNET_CLI_TELEMETRY_OPTOUT=1

status=0
for target in "${targets[@]}"; do
  log "$target: fuzzing for ${seconds} s"
  rm -rf "findings/$target"; mkdir -p findings
  afl-fuzz -i "corpus/$target" -o "findings/$target" -t 10000 -m none -V "$seconds" -- dotnet out/Sala.Fuzz.dll "$target" \
    > "findings/$target.log" 2>&1 || { log "$target: afl-fuzz failed, see fuzz/findings/$target.log"; status=1; continue; }
  stats="findings/$target/default/fuzzer_stats"
  get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(find "findings/$target/default/crashes" -name 'id:*' 2>/dev/null | wc -l)
  log "$target: $(get execs_done) executions ($(get execs_per_sec)/s), $(get corpus_count) inputs in the corpus, edges $(get edges_found) of $(get total_edges) ($(get bitmap_cvg)), crashes $crashes"
  [ "$crashes" -eq 0 ] || status=1
done
exit $status
