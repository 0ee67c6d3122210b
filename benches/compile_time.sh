#!/usr/bin/env bash
# Compile-time cost of the macros: `cargo check` wall time of a crate with 100
# `#[login_required]` handlers and a `#[derive(AuthUser)]` user, against the same
# crate written with the hand-written extractors (`CurrentUser<Person>`, ...) and
# hand-written `AuthUser` / `UserLoader` impls.
#
#   bash benches/compile_time.sh              # from the repo root
#   ROUNDS=41 bash benches/compile_time.sh    # more rounds (default 31, at least 5)
#
# Both crates are generated under target/compile-bench/ (nothing generated is
# committed) and share their own target dir, target/compile-bench/target, so the
# workspace's target/debug is left alone. The dependencies are built once; then, in
# interleaved rounds, each crate's src/main.rs is touched and `cargo check` of that
# crate alone is timed. Checks run with CARGO_INCREMENTAL=0, so each one is a full
# front-end pass over the crate (macro expansion, type checking of the 100 handlers
# and their `Handler` impls), not a reload from the incremental cache; set
# INCREMENTAL=1 to time incremental re-checks instead.
#
# Prints each round's times, the median per crate and the ratio
# with_macros / hand_written. Exits non-zero if a build fails.
#
# RUSTC_TIME=1 also times rustc alone inside each check (through a
# RUSTC_WORKSPACE_WRAPPER, which adds a few ms of its own to every check, so it is
# off for the headline numbers): wall time less rustc time is cargo's own overhead.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/target/compile-bench"
export CARGO_TARGET_DIR="$BENCH/target"
HANDLERS="${HANDLERS:-100}"
ROUNDS="${ROUNDS:-31}"
if [ "$ROUNDS" -lt 5 ]; then
    echo "ROUNDS must be at least 5" >&2
    exit 2
fi
if [ "${INCREMENTAL:-0}" = 1 ]; then
    export CARGO_INCREMENTAL=1
else
    export CARGO_INCREMENTAL=0
fi
# Every cargo run is bounded, so the script always stops by itself.
WARMUP_TIMEOUT="${WARMUP_TIMEOUT:-900}"
CHECK_TIMEOUT="${CHECK_TIMEOUT:-180}"

# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------

# Cargo.toml shared by both crates: the same dependencies and features. The
# RustCrypto backend is chosen only to keep the one-time dependency build short
# (aws-lc-sys builds a C library even for `cargo check`); the crypto backend is not
# part of what is measured.
write_manifest() { # name dir
    cat >"$2/Cargo.toml.new" <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
axum-jwt-login = { path = "../../..", default-features = false, features = ["rust-crypto"] }
axum = { version = "0.8.9", default-features = false, features = ["json"] }
serde_json = "1.0.145"

# A workspace of its own: not a member of the repo's workspace.
[workspace]
EOF
    replace_if_changed "$2/Cargo.toml"
    # The repo's lock file, so both crates build the same dependency versions as the
    # workspace (cargo then drops what they do not use).
    if [ ! -f "$2/Cargo.lock" ] || [ "$ROOT/Cargo.lock" -nt "$2/Cargo.lock" ]; then
        cp "$ROOT/Cargo.lock" "$2/Cargo.lock"
    fi
}

# The parts of main.rs that are the same in both crates.
common_items() {
    cat <<'EOF'
#[derive(Clone)]
pub struct Db;

async fn find_person(_db: &Db, email: &str) -> Result<Option<Person>, std::io::Error> {
    Ok(Some(Person { email: email.to_owned(), active: true, roles: vec![], organization: 1 }))
}

#[derive(Clone)]
struct AppState {
    jwt: JwtManager,
    db: Db,
}

impl FromRef<AppState> for JwtManager {
    fn from_ref(state: &AppState) -> JwtManager {
        state.jwt.clone()
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Db {
        state.db.clone()
    }
}
EOF
}

# Handler `n`: form n % 5 (plain, fresh, optional, role, user = Person), with a
# `Path` argument in alternate groups of five.
handler() { # style n
    local style="$1" n="$2"
    local form=$((n % 5)) path="" path_arg="" id=""
    if [ $(((n / 5) % 2)) = 0 ]; then
        path=1
        path_arg=", Path(id): Path<u32>"
        id=' {id}'
    fi
    if [ "$style" = macros ]; then
        case $form in
        0) printf '#[login_required]\nasync fn h_%d(current_user: Person%s) -> String {\n    format!("h_%d {}%s", current_user.email)\n}\n' "$n" "$path_arg" "$n" "$id" ;;
        1) printf '#[login_required(fresh)]\nasync fn h_%d(current_user: Person%s) -> String {\n    format!("h_%d {}%s", current_user.email)\n}\n' "$n" "$path_arg" "$n" "$id" ;;
        2) printf '#[login_required(optional)]\nasync fn h_%d(current_user: Option<Person>%s) -> String {\n    format!("h_%d {}%s", current_user.map(|p| p.email).unwrap_or_default())\n}\n' "$n" "$path_arg" "$n" "$id" ;;
        3) printf '#[login_required(role = "admin")]\nasync fn h_%d(current_user: Person%s) -> String {\n    format!("h_%d {}%s", current_user.email)\n}\n' "$n" "$path_arg" "$n" "$id" ;;
        4) printf '#[login_required(user = Person)]\nasync fn h_%d(%s) -> String {\n    format!("h_%d%s")\n}\n' "$n" "${path_arg#, }" "$n" "$id" ;;
        esac
    else
        case $form in
        0) printf 'async fn h_%d(CurrentUser(current_user): CurrentUser<Person>%s) -> String {\n    format!("h_%d {}%s", current_user.email)\n}\n' "$n" "$path_arg" "$n" "$id" ;;
        1) printf 'async fn h_%d(FreshUser(current_user): FreshUser<Person>%s) -> String {\n    format!("h_%d {}%s", current_user.email)\n}\n' "$n" "$path_arg" "$n" "$id" ;;
        2) printf 'async fn h_%d(OptionalUser(current_user): OptionalUser<Person>%s) -> String {\n    format!("h_%d {}%s", current_user.map(|p| p.email).unwrap_or_default())\n}\n' "$n" "$path_arg" "$n" "$id" ;;
        # The same answer as `role = "admin"`: 403 with Flask-JWT-Extended's body.
        3) printf 'async fn h_%d(\n    State(jwt): State<JwtManager>,\n    CurrentUser(current_user): CurrentUser<Person>%s\n) -> Result<String, AuthRejection> {\n    if !current_user.has_role("admin") {\n        return Err(AuthRejection::new(&jwt, AuthError::MissingRole("admin".to_owned())));\n    }\n    Ok(format!("h_%d {}%s", current_user.email))\n}\n' "$n" "$path_arg" "$n" "$id" ;;
        4) printf 'async fn h_%d(_: CurrentUser<Person>%s) -> String {\n    format!("h_%d%s")\n}\n' "$n" "$path_arg" "$n" "$id" ;;
        esac
    fi
    echo
    if [ -n "$path" ]; then
        echo "/h_$n/{id}" >>"$ROUTES"
    else
        echo "/h_$n" >>"$ROUTES"
    fi
}

routes_and_main() {
    echo 'fn routes() -> Router<AppState> {'
    echo '    let router = Router::new();'
    local n=0 route
    while read -r route; do
        printf '    let router = router.route("%s", get(h_%d));\n' "$route" "$n"
        n=$((n + 1))
    done <"$ROUTES"
    echo '    router'
    echo '}'
    cat <<'EOF'

fn main() {
    let jwt = JwtManager::new(
        JwtConfig::builder().secret("a secret of at least thirty-two bytes").build().expect("config"),
    );
    let _app: Router = routes().with_state(AppState { jwt, db: Db });
}
EOF
}

generate_with_macros() {
    local dir="$BENCH/with_macros"
    mkdir -p "$dir/src"
    write_manifest with_macros "$dir"
    ROUTES="$(mktemp)"
    {
        cat <<'EOF'
//! Generated by benches/compile_time.sh: 100 `#[login_required]` handlers.
#![deny(warnings)]

use axum::Router;
use axum::extract::{FromRef, Path};
use axum::routing::get;
use axum_jwt_login::{AuthUser, JwtConfig, JwtManager, login_required};

#[derive(Clone, AuthUser)]
#[auth(loader = find_person, state = Db)]
pub struct Person {
    #[auth(id)]
    email: String,
    #[auth(active)]
    active: bool,
    #[auth(claim, roles)]
    roles: Vec<String>,
    #[auth(claim = "org")]
    organization: u64,
}

EOF
        common_items
        echo
        for ((n = 0; n < HANDLERS; n++)); do handler macros "$n"; done
        routes_and_main
    } >"$dir/src/main.rs.new"
    rm -f "$ROUTES"
    replace_if_changed "$dir/src/main.rs"
}

generate_hand_written() {
    local dir="$BENCH/hand_written"
    mkdir -p "$dir/src"
    write_manifest hand_written "$dir"
    ROUTES="$(mktemp)"
    {
        cat <<'EOF'
//! Generated by benches/compile_time.sh: the same 100 handlers with hand-written
//! extractors.
#![deny(warnings)]

use axum::Router;
use axum::extract::{FromRef, Path, State};
use axum::routing::get;
use axum_jwt_login::{
    AuthError, AuthRejection, AuthUser, CurrentUser, FreshUser, JwtConfig, JwtManager,
    OptionalUser, UserLoader,
};
use serde_json::{Map, Value, json};

#[derive(Clone)]
pub struct Person {
    email: String,
    active: bool,
    roles: Vec<String>,
    organization: u64,
}

impl AuthUser for Person {
    type Id = String;
    fn identity(&self) -> &String {
        &self.email
    }
    fn is_active(&self) -> bool {
        self.active
    }
    fn additional_claims(&self) -> Map<String, Value> {
        Map::from_iter([
            ("roles".to_owned(), json!(self.roles)),
            ("org".to_owned(), json!(self.organization)),
        ])
    }
    fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

impl UserLoader for Person {
    type State = Db;
    type Error = std::io::Error;
    async fn load_user(db: &Db, email: &String) -> Result<Option<Person>, std::io::Error> {
        find_person(db, email).await
    }
}

EOF
        common_items
        echo
        for ((n = 0; n < HANDLERS; n++)); do handler hand "$n"; done
        routes_and_main
    } >"$dir/src/main.rs.new"
    rm -f "$ROUTES"
    replace_if_changed "$dir/src/main.rs"
}

replace_if_changed() { # file (the new text is in file.new)
    if [ -f "$1" ] && cmp -s "$1" "$1.new"; then
        rm "$1.new"
    else
        mv "$1.new" "$1"
    fi
}

# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------

LOG="$BENCH/last-check.log"
RUSTC_LOG_FILE="$BENCH/rustc-time.log"
export RUSTC_LOG_FILE

# RUSTC_TIME=1: times rustc itself inside cargo. A workspace wrapper applies to the
# crate under test only, so the dependencies' fingerprints do not change.
write_rustc_timer() {
    cat >"$BENCH/time-rustc.sh" <<'EOF'
#!/usr/bin/env bash
start=$EPOCHREALTIME
"$@"
status=$?
awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }' >>"$RUSTC_LOG_FILE"
exit $status
EOF
    chmod +x "$BENCH/time-rustc.sh"
    export RUSTC_WORKSPACE_WRAPPER="$BENCH/time-rustc.sh"
}

check() { # crate timeout
    local manifest="$BENCH/$1/Cargo.toml"
    if ! timeout "$2" cargo check --manifest-path "$manifest" >"$LOG" 2>&1; then
        echo "error: cargo check of $1 failed (or ran over ${2}s); its output:" >&2
        tail -n 60 "$LOG" >&2
        exit 1
    fi
}

timed_check() { # crate -> prints "wall rustc", in seconds
    touch "$BENCH/$1/src/main.rs"
    : >"$RUSTC_LOG_FILE"
    local start=$EPOCHREALTIME
    check "$1" "$CHECK_TIMEOUT"
    local end=$EPOCHREALTIME
    if [ "${RUSTC_TIME:-0}" != 1 ]; then
        awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f -", b - a }'
        return
    fi
    if [ "$(wc -l <"$RUSTC_LOG_FILE")" != 1 ]; then
        echo "error: expected one rustc run for $1, got $(wc -l <"$RUSTC_LOG_FILE")" >&2
        exit 1
    fi
    awk -v a="$start" -v b="$end" -v r="$(cat "$RUSTC_LOG_FILE")" \
        'BEGIN { printf "%.3f %.3f", b - a, r }'
}

median() { # numbers...
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
        else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

mkdir -p "$BENCH"
generate_with_macros
generate_hand_written
if [ "${RUSTC_TIME:-0}" = 1 ]; then
    write_rustc_timer
else
    unset RUSTC_WORKSPACE_WRAPPER
fi
echo "generated $HANDLERS handlers in $BENCH/{with_macros,hand_written}"
echo "rustc: $(rustc --version)   CARGO_INCREMENTAL=$CARGO_INCREMENTAL   rounds: $ROUNDS"

echo "building the dependencies (once) ..."
start=$EPOCHREALTIME
check with_macros "$WARMUP_TIMEOUT"
check hand_written "$WARMUP_TIMEOUT"
awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "  done in %.1f s\n", b - a }'

m_wall=() h_wall=() m_rustc=() h_rustc=() ratios=()
echo
if [ "${RUSTC_TIME:-0}" = 1 ]; then
    echo "cargo check wall time (rustc's part of it in brackets), seconds:"
else
    echo "cargo check wall time, seconds (RUSTC_TIME=1 to also time rustc alone):"
fi
printf '%-6s %18s %18s %8s\n' round with_macros hand_written ratio
for ((round = 1; round <= ROUNDS; round++)); do
    # Alternate which crate goes first, so a drift in the machine's load does not
    # always fall on the same side.
    if ((round % 2)); then
        m=$(timed_check with_macros)
        h=$(timed_check hand_written)
    else
        h=$(timed_check hand_written)
        m=$(timed_check with_macros)
    fi
    read -r mw mr <<<"$m"
    read -r hw hr <<<"$h"
    m_wall+=("$mw") m_rustc+=("$mr") h_wall+=("$hw") h_rustc+=("$hr")
    r=$(div "$mw" "$hw")
    ratios+=("$r")
    if [ "${RUSTC_TIME:-0}" = 1 ]; then
        printf '%-6s %9s (%5s) %9s (%5s) %7sx\n' "$round" "$mw" "$mr" "$hw" "$hr" "$r"
    else
        printf '%-6s %18s %18s %7sx\n' "$round" "$mw" "$hw" "$r"
    fi
done

mw=$(median "${m_wall[@]}") hw=$(median "${h_wall[@]}")
echo
echo "median cargo check wall time, with_macros:  $mw s"
echo "median cargo check wall time, hand_written: $hw s"
echo "median of the per-round ratios:             $(median "${ratios[@]}")x"
if [ "${RUSTC_TIME:-0}" = 1 ]; then
    mr=$(median "${m_rustc[@]}") hr=$(median "${h_rustc[@]}")
    echo "rustc alone, medians: with_macros $mr s, hand_written $hr s, ratio $(div "$mr" "$hr")x"
fi
echo "RATIO with_macros / hand_written (cargo check wall, of the medians): $(div "$mw" "$hw")x"
