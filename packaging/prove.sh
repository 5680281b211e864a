#!/usr/bin/env bash
# Proof that the offline installers work on a machine with no network and no Python of ours:
#   bash packaging/prove.sh [OUT]          (OUT defaults to dist/; PROVE_SKIP_BUILD=1 reuses OUT)
# 1. builds the bundle, the .deb and the archives (python packaging/build.py);
# 2. installs the .deb with dpkg -i (after installing its Depends from Debian, as a desktop has them);
# 3. in a network namespace with no network (unshare -n), with an empty environment (env -i) and from a
#    folder outside the repository, runs the frozen evaldesk-cli (sample, check, export PDF/XLSX/package/Word, import Word/XLSX,
#    verify) and the frozen window offscreen with --screenshots;
# 4. does the same from the unpacked tar.gz and zip (a USB stick);
# 5. records the cold start of the frozen window in OUT/bundle-info.json.
# The screenshots are left in OUT/prove-shots/ for a person to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
OUT=$(realpath -m "${1:-dist}")
PY=${PYTHON:-python}

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'PROVE FAILED: %s\n' "$*" >&2; exit 1; }

if [ "${PROVE_SKIP_BUILD:-0}" != 1 ]; then
  say "build"
  "$PY" packaging/build.py --out "$OUT"
fi
DEB=$(ls "$OUT"/evaldesk_*.deb | head -1)
TGZ=$(ls "$OUT"/evaldesk-*.tar.gz | head -1)
ZIP=$(ls "$OUT"/evaldesk-*.zip | head -1)
TXZ=$(ls "$OUT"/evaldesk-*.tar.xz 2>/dev/null | head -1 || true)

WORK=$(mktemp -d /tmp/evaldesk-prove.XXXXXX)
case "$WORK" in "$REPO"*) fail "work folder inside the repository" ;; esac
trap 'rm -rf "$WORK"' EXIT

# Run a command as on the clerk's PC: no network, no environment but a minimal PATH, home and locale,
# and the current folder outside the repository (so no evaldesk source can be imported from it).
offline() {
  (cd "$WORK/run" && unshare "${UNSHARE_FLAGS[@]}" env -i PATH=/usr/bin:/bin HOME="$WORK/home" LANG=C.UTF-8 \
      QT_QPA_PLATFORM=offscreen "$@")
}
mkdir -p "$WORK/run" "$WORK/home"
if [ "$(id -u)" = 0 ]; then UNSHARE_FLAGS=(-n); else UNSHARE_FLAGS=(-r -n); fi

say "the sandbox has no network and no project Python"
[ "$(offline awk 'NR > 2 {print $1}' /proc/net/dev)" = "lo:" ] || fail "the namespace has a network interface"
if offline sh -c 'command -v python3 >/dev/null && python3 -c "import evaldesk" 2>/dev/null'; then
  fail "evaldesk is importable in the sandbox"
fi

if [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null; then
  say "install the .deb"
  mapfile -t deps < <(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep -v '^libc6$')
  missing=()
  for d in "${deps[@]}"; do dpkg -s "$d" >/dev/null 2>&1 || missing+=("$d"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  dpkg -i "$DEB" >/dev/null
  [ -x /opt/evaldesk/evaldesk ] && [ -L /usr/bin/evaldesk-cli ] || fail "the .deb did not install the programs"
  grep -q '^Name\[zh_CN\]=绩效自评助手$' /usr/share/applications/evaldesk.desktop || fail "no desktop entry"
  grep -q 'glob pattern="\*.evaldesk"' /usr/share/mime/packages/evaldesk.xml || fail "no MIME type"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/evaldesk.desktop || fail "invalid desktop entry"
  fi
  if [ -f /usr/share/mime/globs2 ]; then  # shared-mime-info's trigger has registered the file type
    grep -q ':application/x-evaldesk:\*\.evaldesk$' /usr/share/mime/globs2 || fail ".evaldesk not registered"
  fi
  if find /opt/evaldesk -type f \( -name '*.so*' -o -perm -u+x \) -exec ldd {} + 2>/dev/null | grep 'not found'; then
    fail "a library of the bundle is missing on this system (see above)"
  fi
  TARGETS=("/usr/bin")
else
  echo "not root: the .deb is not installed, only the archives are tried"
  TARGETS=()
fi

say "unpack the portable archives (a USB stick)"
mkdir -p "$WORK/stick-tgz" "$WORK/stick-zip"
tar xzf "$TGZ" -C "$WORK/stick-tgz"
unzip -q "$ZIP" -d "$WORK/stick-zip"
TARGETS+=("$(ls -d "$WORK"/stick-tgz/evaldesk-*)" "$(ls -d "$WORK"/stick-zip/evaldesk-*)")
if [ -n "$TXZ" ]; then
  mkdir -p "$WORK/stick-txz" && tar xJf "$TXZ" -C "$WORK/stick-txz"
  TARGETS+=("$(ls -d "$WORK"/stick-txz/evaldesk-*)")
fi

for BIN in "${TARGETS[@]}"; do
  say "frozen programs in $BIN"
  rm -rf "$WORK/run"/* "$WORK/home"
  mkdir -p "$WORK/home"
  offline "$BIN/evaldesk-cli" sample s.evaldesk
  set +e
  offline "$BIN/evaldesk-cli" check s.evaldesk > "$WORK/check.txt"
  rc=$?
  set -e
  tail -1 "$WORK/check.txt"
  # The sample carries deliberate mistakes: exit 1 (error findings) is the expected answer.
  [ $rc = 1 ] && grep -q '^审核：错误 [0-9]' "$WORK/check.txt" || fail "check exited $rc"
  offline "$BIN/evaldesk-cli" export s.evaldesk --pdf s.pdf --xlsx s.xlsx --package s.zip \
      --accept-open-errors "示例：验证离线安装"
  offline "$BIN/evaldesk-cli" verify s.zip
  # Word needs python-docx and lxml in the bundle; reading back needs openpyxl and the Word reader.
  offline "$BIN/evaldesk-cli" export s.evaldesk --docx s.docx
  offline "$BIN/evaldesk-cli" import s.docx from-docx.evaldesk
  offline "$BIN/evaldesk-cli" import s.xlsx from-xlsx.evaldesk
  for f in s.pdf s.xlsx s.zip s.docx from-docx.evaldesk from-xlsx.evaldesk; do
    [ -s "$WORK/run/$f" ] || fail "$f not written"
  done
  if ls "$OUT"/evaldesk/_internal/resources/fonts/*.ttf.xz >/dev/null 2>&1; then
    # Packed fonts were expanded into the data folder: each the very file of the source tree.
    for f in "$REPO"/resources/fonts/*.ttf; do
      got=$(ls "$WORK"/home/.local/share/EvalDesk/fonts/"$(basename "$f" .ttf)"-*.ttf 2>/dev/null | head -1)
      [ -n "$got" ] && cmp -s "$f" "$got" || fail "the expanded $(basename "$f") differs from the source tree's"
    done
  fi
  [ -f "$WORK/frozen.pdf" ] || cp "$WORK/run/s.pdf" "$WORK/frozen.pdf"
  if command -v pdftotext >/dev/null; then
    pdftotext "$WORK/run/s.pdf" "$WORK/s.txt"
    grep -q '岳阳楼区应急管理局' "$WORK/s.txt" || fail "the PDF lacks the unit's name"
  fi
  offline "$BIN/evaldesk" --sample --screenshots shots > /dev/null
  n=$(find "$WORK/run/shots" -name '*.png' -size +10k | wc -l)
  [ "$n" -ge 7 ] || fail "only $n screenshots"
  if grep -q 'translations not found' "$WORK"/home/.local/share/EvalDesk/logs/*.log 2>/dev/null; then
    fail "Qt's zh_CN translations are missing from the bundle"
  fi
  dest="$OUT/prove-shots/$(basename "$(dirname "$BIN")")-$(basename "$BIN")"
  rm -rf "$dest" && mkdir -p "$dest" && cp "$WORK"/run/shots/*.png "$dest/"
  echo "screenshots: $dest"
done

if command -v pdftoppm >/dev/null; then
  say "the frozen PDF is the source tree's PDF (same fonts, same pages)"
  mkdir -p "$WORK/src" "$WORK/srcdata"
  (cd "$WORK/src" && EVALDESK_DATA_DIR="$WORK/srcdata" PYTHONPATH="$REPO" "$PY" -m evaldesk sample s.evaldesk >/dev/null \
    && EVALDESK_DATA_DIR="$WORK/srcdata" PYTHONPATH="$REPO" "$PY" -m evaldesk export s.evaldesk --pdf s.pdf \
       --accept-open-errors "示例：验证离线安装" >/dev/null)
  [ "$(pdffonts "$WORK/src/s.pdf" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort)" \
    = "$(pdffonts "$WORK/frozen.pdf" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort)" ] \
    || fail "the frozen PDF embeds other fonts than the source tree's"
  pdftoppm -png -r 60 "$WORK/src/s.pdf" "$WORK/src/p"
  pdftoppm -png -r 60 "$WORK/frozen.pdf" "$WORK/src/f"
  pages=0
  for a in "$WORK"/src/p-*.png; do
    cmp -s "$a" "$WORK/src/f-${a##*/p-}" || fail "page ${a##*/p-} of the frozen PDF differs from the source tree's"
    pages=$((pages + 1))
  done
  [ "$pages" -gt 0 ] && [ "$(ls "$WORK"/src/f-*.png | wc -l)" = "$pages" ] || fail "page counts differ"
  echo "$pages pages identical"
fi

say "cold start of the frozen window (first launch, fresh data folder)"
rm -rf "$WORK/run"/* "$WORK/home" && mkdir -p "$WORK/home"
start=$(date +%s.%N)
offline "${TARGETS[0]}/evaldesk" --screenshots start > /dev/null
end=$(date +%s.%N)
cold=$("$PY" -c "print(round($end - $start, 2))")
echo "cold start: ${cold} s"
"$PY" - "$OUT/bundle-info.json" "$cold" <<'EOF'
import json, sys
p, cold = sys.argv[1], float(sys.argv[2])
info = json.load(open(p, encoding="utf-8"))
info["cold_start_seconds"] = round(cold, 2)
json.dump(info, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
say "PROVE OK"
