# shellcheck shell=bash
# promtool for tests/Sala.Cli.Tests (ServerMetricsTests): Prometheus's own checker must find `sala server`'s /metrics
# valid. Debian ships it in the prometheus package; nothing is started. The test fails, not skips, without it.
packages+=(prometheus)
