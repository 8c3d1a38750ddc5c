#!/usr/bin/env bash
# Resident memory of an idle `run`, split by what is mapped: after start-up and after one request to each endpoint.
# Load-independent (bytes, not time), so two builds compare in one run each. The outlet points at a closed loopback
# port, so the poll fails at once and the figures are start-up and serving code, not articles.
#   bench/run-mapped.sh path/to/aggregator.dll [port] [extra env, e.g. DOTNET_EnableWriteXorExecute=0]
set -euo pipefail
dll=$(readlink -f "$1"); port=${2:-18480}; shift $(( $# > 1 ? 2 : 1 ))
dir=$(mktemp -d /tmp/run-mapped.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
cat > "$dir/feeds.json" <<'EOF'
{
  "defaults": { "interval": "1h" },
  "outlets": [ { "id": "closed", "name": "Closed", "url": "http://127.0.0.1:9/feed" } ],
  "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
}
EOF
cd "$dir"
env DOTNET_GCgen0size=0x1000000 "$@" dotnet "$dll" run --urls "http://127.0.0.1:$port" > "$dir/out.log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do curl -fs -o /dev/null "$base/healthz" && break; sleep 0.2; done
sleep 3

report() {
    local label=$1
    local rss anon file
    rss=$(awk '/^Rss:/ {print $2}' "/proc/$pid/smaps_rollup")
    anon=$(awk '/^Anonymous:/ {print $2}' "/proc/$pid/smaps_rollup")
    printf '%s: Rss %.1f MB, anonymous %.1f MB, VmHWM %s\n' "$label" "$(bc -l <<< "$rss/1024")" "$(bc -l <<< "$anon/1024")" \
        "$(awk '/VmHWM/ {print $2" "$3}' "/proc/$pid/status")"
    # Resident KB per mapped file (or [anon], memfd:doublemapper, ...), largest first.
    awk '/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6) ? $6 : "[anon]"; sub(/.*\//, "", name) }
         /^Rss:/ { kb[name] += $2 }
         END { for (n in kb) if (kb[n] >= 512) printf "  %8.1f MB  %s\n", kb[n] / 1024, n }' "/proc/$pid/smaps" | sort -rn | head -25
    echo "  assemblies mapped: $(grep -c '\.dll$' <(awk '{print $6}' "/proc/$pid/maps" | sort -u))"
}

report "after start-up"
# One request to each endpoint (CONTRACT §5; the WebSub and metrics ones as their owners map them).
for path in / /outlets.opml /healthz /topics/news /search?q=news /outlets /feeds/news.atom /feeds/news.rss /feeds/news.json /metrics /websub/closed; do
    printf '  %s %s\n' "$(curl -s -o /dev/null -w '%{http_code}' "$base$path")" "$path"
done
curl -s -o /dev/null -w '  %{http_code} HEAD /feeds/news.atom\n' -I "$base/feeds/news.atom"
sleep 2
report "after one request to each endpoint"
