#!/usr/bin/env bash
# Load benchmark: GET /me of examples/minimal.rs (#[login_required], this crate) against
# the same route with no authentication and with a hand-written raw-jsonwebtoken
# extractor (examples/minimal_baselines.rs), in interleaved rounds in one run, with wrk
# on loopback. Prints requests/s, p50 and p99 latency per round, the medians, and the
# ratios ours/handwritten and ours/unprotected.
#
#   bash benches/load.sh                 # 5 rounds of 5 s per server, 64 connections
#   ROUNDS=3 SECONDS_PER_ROUND=10 CONNECTIONS=128 THREADS=2 bash benches/load.sh
#
# Needs wrk (Debian: apt-get install wrk; installed here when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
SECONDS_PER_ROUND=${SECONDS_PER_ROUND:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
SECRET="a load-test secret of at least thirty-two bytes"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else
    echo "wrk is needed: apt-get install wrk" >&2; exit 1; fi
fi

cargo build --release --quiet --example minimal --example minimal_baselines
bin=target/release/examples

# An HS256 access token for alice, with the claims Flask-JWT-Extended writes.
TOKEN=$(python3 - "$SECRET" <<'PY'
import base64, hashlib, hmac, json, sys, time, uuid
b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
now = int(time.time())
claims = {"fresh": False, "iat": now, "jti": str(uuid.uuid4()), "type": "access",
          "sub": "alice@example.com", "nbf": now, "csrf": str(uuid.uuid4()), "exp": now + 86400}
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
body = b64(json.dumps(claims, separators=(",", ":")).encode())
mac = hmac.new(sys.argv[1].encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
print(f"{head}.{body}.{b64(mac)}")
PY
)

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# start NAME COMMAND...: runs a server on a free port, sets URL_<NAME>.
start() {
  local name=$1; shift
  local out
  out=$(mktemp)
  env BIND=127.0.0.1:0 JWT_SECRET_KEY="$SECRET" "$@" >"$out" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 100); do
    grep -q '^listening on ' "$out" && break
    sleep 0.1
  done
  local url
  url=$(sed -n 's/^listening on //p' "$out")
  [ -n "$url" ] || { echo "$name did not start" >&2; exit 1; }
  printf -v "URL_$name" '%s' "$url"
  # The answer must be the same everywhere: alice's email.
  local body
  body=$(curl -s -H "Authorization: Bearer $TOKEN" "$url/me")
  [ "$body" = '{"email":"alice@example.com"}' ] || { echo "$name answered $body" >&2; exit 1; }
}

start ours "$bin/minimal"
start handwritten env MODE=handwritten "$bin/minimal_baselines"
start unprotected env MODE=unprotected "$bin/minimal_baselines"

results=$(mktemp)
echo "GET /me: $ROUNDS rounds of ${SECONDS_PER_ROUND}s per server, $CONNECTIONS connections, $THREADS wrk thread(s)"
for round in $(seq "$ROUNDS"); do
  for name in ours handwritten unprotected; do
    url_var="URL_$name"
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" --latency \
      -H "Authorization: Bearer $TOKEN" "${!url_var}/me")
    if grep -q 'Non-2xx' <<<"$out"; then echo "$name: non-2xx answers" >&2; echo "$out" >&2; exit 1; fi
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    printf 'round %s %-12s %10s req/s  p50 %8s  p99 %8s\n' "$round" "$name" "$rps" "$p50" "$p99"
    echo "$name $rps $p50 $p99" >>"$results"
  done
done

python3 - "$results" <<'PY'
import statistics, sys
def ms(text):
    for unit, factor in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    raise ValueError(text)
rows = {}
for line in open(sys.argv[1]):
    name, rps, p50, p99 = line.split()
    rows.setdefault(name, []).append((float(rps), ms(p50), ms(p99)))
median = {name: tuple(statistics.median(col) for col in zip(*values)) for name, values in rows.items()}
for name in ("ours", "handwritten", "unprotected"):
    rps, p50, p99 = median[name]
    print(f"median {name:<12} {rps:10.0f} req/s  p50 {p50:7.3f} ms  p99 {p99:7.3f} ms")
ours = median["ours"][0]
print(f"throughput ours/handwritten: {ours / median['handwritten'][0]:.3f}x")
print(f"throughput ours/unprotected: {ours / median['unprotected'][0]:.3f}x")
print(f"throughput handwritten/unprotected: {median['handwritten'][0] / median['unprotected'][0]:.3f}x")
PY
