#!/usr/bin/env bash
# Render reports/index.html and every page in headless Chromium (Debian's
# package, installed here if missing) to PNG, and fail on any network request
# or console error. Usage: scripts/render-reports.sh [REPORTS_DIR] [PNG_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath "${1:-reports}")
out=$(realpath -m "${2:-target/report-png}")
mkdir -p "$out"

browser=""
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "chromium not found: installing Debian's chromium (apt-get install -y chromium)" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: cannot install chromium: not root (install it with: sudo apt-get install -y chromium)" >&2
    exit 2
  fi
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$out/apt.log" 2>&1; then
    echo "error: cannot install chromium: apt-get failed (last lines of $out/apt.log):" >&2
    tail -5 "$out/apt.log" >&2
    exit 2
  fi
  browser=chromium
fi

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-features=NetworkTimeServiceQuerying,MediaRouter,OptimizationHints
  --disable-default-apps --disable-extensions --no-default-browser-check
  --hide-scrollbars --window-size=1200,1600 --enable-logging=stderr --v=1)

# requests logged by the network stack (--v=1), minus the query string
requests() { grep -oE 'NotifyBeforeURLRequest: [a-z]+://[^ ?"]+' "$1" | sed 's/^NotifyBeforeURLRequest: //' | grep -v '^file://' | sort -u || true; }

# the browser's own background requests (made for about:blank too) are not the page's
profile=$(mktemp -d)
timeout 60 "$browser" "${flags[@]}" --user-data-dir="$profile" --screenshot="$out/blank.png" about:blank >"$out/blank.log" 2>&1 || true
rm -rf "$profile" "$out/blank.png"
requests "$out/blank.log" >"$out/baseline-requests.txt"

fail=0
shopt -s nullglob
for page in "$dir"/*.html; do
  name=$(basename "$page" .html)
  bad=0
  profile=$(mktemp -d)
  log="$out/$name.log"
  # --enable-logging=stderr --v=1 logs every URL request and console message
  timeout 60 "$browser" "${flags[@]}" --user-data-dir="$profile" \
    --screenshot="$out/$name.png" "file://$page" >"$log" 2>&1 || {
      echo "FAIL $name: chromium exited non-zero (see $log)"; bad=1; }
  rm -rf "$profile"
  # console messages from the page (errors, warnings, logs)
  console=$(grep -E 'CONSOLE\(|:CONSOLE|Uncaught' "$log" || true)
  # requests other than the page itself (http, https, ws, data fetches of other files)
  net=$(requests "$log" | comm -23 - "$out/baseline-requests.txt")
  if [ -n "$console" ]; then echo "FAIL $name: console output:"; echo "$console"; bad=1; fi
  if [ -n "$net" ]; then echo "FAIL $name: network requests:"; echo "$net"; bad=1; fi
  if grep -qE '<(script|link|img|iframe)[ >]|@import|url\(' "$page"; then
    echo "FAIL $name: page references external resources or scripts"; bad=1
  fi
  [ -s "$out/$name.png" ] || { echo "FAIL $name: no screenshot"; bad=1; }
  if [ "$bad" = 0 ]; then echo "ok   $name -> $out/$name.png"; else fail=1; fi
done
[ "$fail" = 0 ] && echo "all pages: 0 network requests, 0 console messages"
exit $fail
