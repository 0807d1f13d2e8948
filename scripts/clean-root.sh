#!/usr/bin/env bash
# A new user's first run, replayed: the .deb installed on a clean Debian root, kabar run there with
# no network and against a loopback site whose feed moved.
#
#   scripts/clean-root.sh [DEB]     as root; needs debootstrap (apt-get install -y debootstrap)
#                                   and Debian's mirror (the only network it uses)
#
# The root is a minbase bookworm in a temp dir (about 200 MB, 30 s), removed at the end. The
# package goes in with dpkg, exactly as on a user's server. Then, with `unshare -n` (no network
# at all, not even DNS) `kabar refresh` must say "no network" in one line; and with a config whose
# feed answers 404 while the site's page announces the new address, `kabar refresh` must suggest
# it, `kabar check --fix` must write it into the config with the comments kept, and the next
# refresh must read the feed. Not part of .ci/run: it downloads a Debian base system.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "clean-root: $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and unshare need it)"
command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install -y debootstrap)"
deb=${1:-$(ls target/debian/kabar_*.deb 2>/dev/null | tail -n1)}
[ -f "$deb" ] || die "no package: run scripts/deb.sh build first"

work=$(mktemp -d)
root=$work/root
site=$work/site
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

log "debootstrap --variant=minbase bookworm (about 30 s)"
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log"; die "debootstrap"; }
cp "$deb" "$root/tmp/kabar.deb"
chroot "$root" dpkg -i /tmp/kabar.deb >/dev/null || die "dpkg -i"
log "installed: $(chroot "$root" kabar --version)"

# kabar as a fresh user of the clean root: nothing from this machine's environment.
in_root() { chroot "$root" env -i HOME=/root LANG=C.UTF-8 PATH=/usr/bin:/bin "$@"; }

# 1. No network at all: the embedded default feeds fail, and refresh says so once.
set +e
out=$(unshare -n chroot "$root" env -i HOME=/root LANG=C.UTF-8 PATH=/usr/bin:/bin kabar refresh 2>&1)
rc=$?
set -e
echo "$out"
[ "$rc" = 5 ] || die "offline refresh should exit 5 (every feed failed), not $rc"
echo "$out" | grep -q '^No network: 8 feeds could not be reached' || die "no 'No network' line"
[ "$(echo "$out" | wc -l)" -le 3 ] || die "offline refresh printed a wall of errors"
log "ok: offline first run says 'No network' in one line"

# 2. A site whose feed moved: the old address answers 404, the home page announces the new one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$site/rss2"
cat >"$site/index.html" <<EOF
<!doctype html><html><head><title>Warta Tanggamus</title>
<link rel="alternate" type="application/rss+xml" title="Warta Tanggamus" href="/rss2/terkini.xml">
</head><body><h1>Warta Tanggamus</h1></body></html>
EOF
cat >"$site/rss2/terkini.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Warta Tanggamus</title><link>http://127.0.0.1:$port/</link>
<item><title>Banjir rendam dua pekon di Kotaagung</title><link>http://127.0.0.1:$port/berita/1</link>
<guid>w1</guid><pubDate>Sat, 05 Dec 2026 08:00:00 +0700</pubDate><description>Hujan deras.</description></item>
<item><title>Harga cabai di Pasar Gisting turun</title><link>http://127.0.0.1:$port/berita/2</link>
<guid>w2</guid><pubDate>Sat, 05 Dec 2026 07:00:00 +0700</pubDate><description>Pasokan melimpah.</description></item>
</channel></rss>
EOF
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >"$work/site.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
    sleep 0.1
done

conf=$root/root/.config/kabar
rm -f "$conf"/kabar.db*
cat >"$conf/config.toml" <<EOF
# my feeds
[[feeds]]
# Warta Tanggamus (the old address)
url = "http://127.0.0.1:$port/rss/terkini.xml"
name = "Warta Tanggamus"
EOF
chmod 600 "$conf/config.toml"

set +e
out=$(in_root kabar refresh 2>&1)
set -e
echo "$out"
echo "$out" | grep -q "feed moved? found http://127.0.0.1:$port/rss2/terkini.xml" || die "no suggestion"
in_root kabar check --fix || die "check --fix"
grep -q "^url = \"http://127.0.0.1:$port/rss2/terkini.xml\"" "$conf/config.toml" || die "config not updated"
grep -q "^# Warta Tanggamus (the old address)" "$conf/config.toml" || die "comment lost"
out=$(in_root kabar refresh 2>&1) || die "refresh after the fix: $out"
echo "$out"
echo "$out" | grep -q "Warta Tanggamus: ok 2 new" || die "the moved feed was not read"
log "ok: the moved feed was found, written to the config with its comments, and read"
log "all checks passed"
