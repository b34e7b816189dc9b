#!/usr/bin/env bash
# Rebuilds demo/suite/ (the hares demo datasets) from Debian-packaged sources only.
#
#   demo/build-suite.sh [--pcm] [--cache DIR]
#
# Tools (espeak-ng, flite, festival, fluidsynth + fluid-soundfont-gm, ffmpeg, flac, numpy, scipy)
# are installed with apt-get when run as root; otherwise the missing ones are listed.
# The recorded sounds come from Debian data packages fetched with `apt-get download` and
# unpacked with `dpkg-deb` into the cache (nothing is installed for them).
# --pcm writes plain RIFF/PCM WAV instead of FLAC-compressed audio (about 2.5x larger).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/suite"
cache="${HARES_DEMO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hares-demo}"
codec=flac
while [ $# -gt 0 ]; do
  case "$1" in
    --pcm) codec=pcm ;;
    --cache) cache="$2"; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "build-suite.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# Tools: command or file -> Debian package
tools=(
  "espeak-ng:espeak-ng" "flite:flite" "text2wave:festival"
  "/usr/share/festival/voices/english/kal_diphone:festvox-kallpc16k"
  "/usr/share/festival/voices/us/cmu_us_slt_arctic_hts:festvox-us-slt-hts"
  "fluidsynth:fluidsynth" "/usr/share/sounds/sf2/FluidR3_GM.sf2:fluid-soundfont-gm"
  "ffmpeg:ffmpeg" "flac:flac" "dpkg-deb:dpkg"
  "/usr/lib/python3/dist-packages/numpy:python3-numpy" "/usr/lib/python3/dist-packages/scipy:python3-scipy"
)
missing=()
for t in "${tools[@]}"; do
  what="${t%%:*}" pkg="${t##*:}"
  if [[ "$what" == /* ]]; then [ -e "$what" ] || missing+=("$pkg")
  else command -v "$what" >/dev/null || missing+=("$pkg"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get -o DPkg::Lock::Timeout=900 install -y "${missing[@]}"
  else
    echo "build-suite.sh: missing Debian packages: ${missing[*]}" >&2
    echo "  install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# Data packages: only the listed files are unpacked
data_pkgs=(qabcs-data scorched3d-data scratch tuxpaint-stamps-default widelands-data)
mkdir -p "$cache/debs" "$cache/pkgs"
for p in "${data_pkgs[@]}"; do
  if ! ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1; then
    echo "fetching $p" >&2
    (cd "$cache/debs" && apt-get download "$p") || {
      echo "build-suite.sh: 'apt-get download $p' failed (needs a Debian 12 package source)" >&2; exit 1; }
  fi
  deb="$(ls "$cache/debs/${p}_"*.deb | tail -n 1)"
  dest="$cache/pkgs/$p"
  if [ ! -e "$dest/.done" ] || [ "$(cat "$dest/.done")" != "$(basename "$deb")" ]; then
    rm -rf "$dest" && mkdir -p "$dest"
    files=$(/usr/bin/python3 - "$p" "$here/build_suite.py" <<'EOF'
import re, sys
text = open(sys.argv[2]).read()
for rel in sorted(set(re.findall(r'"%s:([^"]+)"' % re.escape(sys.argv[1]), text))):
    print("./" + rel)
print("./usr/share/doc/%s/copyright" % sys.argv[1])
EOF
)
    # shellcheck disable=SC2086
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dest" $files
    basename "$deb" > "$dest/.done"
  fi
done

/usr/bin/python3 "$here/build_suite.py" --out "$out" --packages "$cache/pkgs" --codec "$codec"
echo "demo suite written to $out ($(du -sh "$out" | cut -f1))" >&2
