#!/usr/bin/env bash
# The tests that depend on the host or rebuild the world, kept out of
# `go test ./...`: TestDebian reads the host's apt-cache (skipped without
# one), TestDockerBuildStatic runs the Dockerfile's `go build` line (a
# static rebuild of everything: minutes on a cold cache). .ci/run calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -tags hosttest -run '^(TestDebian|TestDockerBuildStatic)$' ./internal/benchtext ./cli "$@"
