#!/bin/sh
# Remakes profiles/FOGRA39L.icc, the print edition's CMYK output profile, from the FOGRA39
# characterisation data that Debian's icc-profiles-free ships (FOGRA39L.ti3, zlib licence).
# For checking only: jianbao reads the committed .icc; Argyll is not needed to build or install.
#
#   sudo apt-get install -y icc-profiles-free argyll   # Debian 12: icc-profiles-free 2.0.1, argyll 2.3.1
#   sh profiles/make-fogra39.sh                        # about a minute; rewrites profiles/FOGRA39L.icc
#
# colprof -qm: medium quality; -D: the profile's description. The result is an ICC 2.2 output
# ('prtr') profile, CMYK to Lab, with A2B and B2A tables for all four rendering intents. colprof
# reports its average error against the data (about 0.16 ΔE); `iccdump -v 1` shows the header.
# A remade profile differs from the committed one only in its header's creation date (bytes 24-35):
# `cmp -l` lists nothing else.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
(cd "$work" && colprof -v -qm -D "FOGRA39L (from icc-profiles-free)" FOGRA39L)
cp "$work/FOGRA39L.icc" "$here/FOGRA39L.icc"
ls -l "$here/FOGRA39L.icc"
