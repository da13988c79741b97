# shellcheck shell=bash
# The terminal smoke test (tests/Sala.Cli.Tests/TerminalSmokeTests.cs) types into real pseudo-terminals through tmux.
packages+=(tmux)
