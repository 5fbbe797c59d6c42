#!/usr/bin/env bash
# Regenerates the PNG and ICO icons in public/ from public/icon.svg and scripts/icons/og-image.svg.
# Needs Debian's librsvg2-bin (rsvg-convert) and imagemagick: apt-get install -y librsvg2-bin imagemagick
set -euo pipefail
cd "$(dirname "$0")/.."
IM=$(command -v convert-im6.q16 || command -v magick || command -v convert)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 192 512; do rsvg-convert -w "$size" -h "$size" public/icon.svg -o "public/icon-$size.png"; done
rsvg-convert -w 180 -h 180 public/icon.svg -o public/apple-touch-icon.png
for size in 16 32 48; do rsvg-convert -w "$size" -h "$size" public/icon.svg -o "$tmp/$size.png"; done
"$IM" "$tmp/16.png" "$tmp/32.png" "$tmp/48.png" public/favicon.ico
rsvg-convert -w 1200 -h 630 scripts/icons/og-image.svg -o "$tmp/og.png"
# Flattened and quantised: a social preview needs no alpha, and it stays small.
"$IM" "$tmp/og.png" -background '#23196e' -flatten -strip -colors 128 PNG8:public/og-image.png
ls -l public
