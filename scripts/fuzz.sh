#!/usr/bin/env bash
# Fuzz the engine (decode + parse + detect + classify + summary + JSON) for a
# bounded time: scripts/fuzz.sh [SECONDS]   (default 60)
#
# Installs cargo-fuzz if it is missing, needs the nightly toolchain, runs the
# `ingest` target of crates/mfa-lens-core/fuzz on a scratch copy of the committed
# seed corpus (so the committed corpus is never polluted) and exits non-zero if
# libFuzzer finds a crash; the crashing input is left in
# crates/mfa-lens-core/fuzz/artifacts/ingest/.
set -euo pipefail

run_seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
crate="$root/crates/mfa-lens-core"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked
fi
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz.sh: the nightly toolchain is required (rustup toolchain install nightly)" >&2
  exit 2
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/mfa-lens-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
cp "$crate/fuzz/corpus/ingest/"* "$scratch/"

cd "$crate"
echo "fuzz.sh: running ingest for ${run_seconds}s on $(ls "$scratch" | wc -l) seed inputs" >&2
# libFuzzer reports every new input on its own line (thousands a minute); keep
# the log readable by dropping those progress lines, and nothing else. pipefail
# (set above) keeps a crash's non-zero status.
cargo +nightly fuzz run ingest "$scratch" -- \
  -max_total_time="$run_seconds" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
  | grep --line-buffered -vE "^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)[[:space:]]"
