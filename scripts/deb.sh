#!/usr/bin/env bash
# Debian package of kabar, built with dpkg-deb (what cargo-deb does, without installing it).
#
#   scripts/deb.sh build            release build, then target/debian/kabar_VERSION_ARCH.deb
#   scripts/deb.sh check [DEB]      unpack into a throwaway root and check what it holds; as root
#                                   also install it on the machine with dpkg, check, and remove it
#
# The package holds the binary, the man page (`kabar man`), bash/zsh/fish completions in their
# system folders, README.md, config.example.toml and the copyright under /usr/share/doc/kabar.
# Depends is worked out from the binary's dynamic libraries: with rustls and bundled SQLite that
# is only libc (and libgcc's unwinder); any other library stops the build.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "deb: $*" >&2; }
die() { log "$*"; exit 1; }

version() { sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1; }
arch() { dpkg --print-architecture; }
deb_path() { echo "target/debian/kabar_$(version)_$(arch).deb"; }

# Depends from the ELF's NEEDED entries and the newest GLIBC_ symbol version it uses.
depends() {
    local bin=$1 libs glibc dep=() lib
    libs=$(objdump -p "$bin" | awk '/NEEDED/ {print $2}')
    glibc=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n1)
    for lib in $libs; do
        case "$lib" in
            libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|ld-linux*) ;;
            libgcc_s.so.1) dep+=("libgcc-s1") ;;
            *) die "unexpected dynamic library $lib: the package would need more than libc" ;;
        esac
    done
    local out="libc6 (>= ${glibc:-2.17})"
    for lib in $(printf '%s\n' "${dep[@]}" | sort -u); do out="$out, $lib"; done
    echo "$out"
}

build() {
    command -v dpkg-deb >/dev/null || die "dpkg-deb is missing (apt-get install -y dpkg)"
    cargo build --release --locked
    local bin=target/release/kabar root=target/debian/root v a
    v=$(version); a=$(arch)
    rm -rf "$root"; mkdir -p "$root/DEBIAN"
    install -Dm755 "$bin" "$root/usr/bin/kabar"
    mkdir -p "$root/usr/share/man/man1"
    "$bin" man | gzip -9n > "$root/usr/share/man/man1/kabar.1.gz"
    install -d "$root/usr/share/bash-completion/completions" \
        "$root/usr/share/zsh/vendor-completions" "$root/usr/share/fish/vendor_completions.d"
    "$bin" completions bash > "$root/usr/share/bash-completion/completions/kabar"
    "$bin" completions zsh > "$root/usr/share/zsh/vendor-completions/_kabar"
    "$bin" completions fish > "$root/usr/share/fish/vendor_completions.d/kabar.fish"
    install -Dm644 README.md "$root/usr/share/doc/kabar/README.md"
    install -Dm644 config.example.toml "$root/usr/share/doc/kabar/config.example.toml"
    {
        echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
        echo "Upstream-Name: kabar"
        echo
        echo "Files: *"
        echo "License: MIT"
    } > "$root/usr/share/doc/kabar/copyright"
    local size
    size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
    cat > "$root/DEBIAN/control" <<CONTROL
Package: kabar
Version: $v
Architecture: $a
Maintainer: kabar developers <kabar@localhost>
Installed-Size: $size
Depends: $(depends "$bin")
Section: net
Priority: optional
Description: terminal news reader for Lampung regional news
 A fast, keyboard-only reader for RSS, Atom and JSON feeds with a local
 SQLite store, made for reading Lampung (Indonesia) news over SSH.
CONTROL
    # Files belong to root whoever builds the package.
    dpkg-deb --root-owner-group --build "$root" "$(deb_path)" >/dev/null
    log "built $(deb_path)"
}

# What an installed root must hold, and that the binary and the man page work from it.
check_root() {
    local root=$1 f
    for f in usr/bin/kabar usr/share/man/man1/kabar.1.gz \
        usr/share/bash-completion/completions/kabar usr/share/zsh/vendor-completions/_kabar \
        usr/share/fish/vendor_completions.d/kabar.fish usr/share/doc/kabar/README.md \
        usr/share/doc/kabar/config.example.toml usr/share/doc/kabar/copyright; do
        [ -s "$root/$f" ] || die "missing from the package: /$f"
    done
    "$root/usr/bin/kabar" --version | grep -q "^kabar $(version)" || die "kabar --version is wrong"
    MANWIDTH=80 man -l "$root/usr/share/man/man1/kabar.1.gz" 2>/dev/null | grep -q "kabar" \
        || die "man -l cannot show the man page"
    grep -q "complete" "$root/usr/share/bash-completion/completions/kabar" \
        || die "the bash completion is empty"
    grep -q "#compdef kabar" "$root/usr/share/zsh/vendor-completions/_kabar" \
        || die "the zsh completion has no #compdef line"
    grep -q "complete -c kabar" "$root/usr/share/fish/vendor_completions.d/kabar.fish" \
        || die "the fish completion is empty"
}

check() {
    local deb=${1:-$(deb_path)} tmp
    [ -f "$deb" ] || die "no package at $deb (run: scripts/deb.sh build)"
    dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Depends):' >&2
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
    dpkg-deb -x "$deb" "$tmp"
    check_root "$tmp"
    log "the package unpacked into a throwaway root works"
    if [ "$(id -u)" = 0 ] && ! dpkg -s kabar >/dev/null 2>&1; then
        dpkg -i "$deb" >/dev/null
        check_root /
        [ "$(command -v kabar)" = /usr/bin/kabar ] || { dpkg -r kabar >/dev/null; die "kabar is not on PATH"; }
        dpkg -r kabar >/dev/null
        [ ! -e /usr/bin/kabar ] || die "dpkg -r left /usr/bin/kabar behind"
        log "installed on the machine with dpkg, checked, removed"
    fi
}

case "${1:-}" in
    build) build ;;
    check) shift; check "$@" ;;
    *) echo "usage: $0 build | check [DEB]" >&2; exit 2 ;;
esac
