#!/usr/bin/env bash
# The test command: the Rust tests, then the Python package's tests
# (scripts/test-python.sh builds the extension in its own virtual environment).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo test --release
# the optional quickcheck Arbitrary impls (feature `quickcheck`): their doc tests
cargo test --release --features quickcheck --doc strategies
scripts/test-python.sh "$@"
