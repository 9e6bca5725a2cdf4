#!/usr/bin/env bash
# Attacks on files and processes that the bad-input table cannot express
# (issue 14): a working directory with images of its own, special files
# where inputs are expected, symlinks planted where temporary outputs go,
# and signals during a write.  Each asserts what the user sees: the exit
# status, the message, and the files left in the output directory.
set -u
source "$(dirname "$0")/lib.bash"
T="$TEST_TMP/hostile"
rm -rf "$T"; mkdir -p "$T"

# png FILE R G B [W H]: a small RGB PNG of one colour
png() {
    "$PYTHON" - "$@" <<'PY'
import struct, sys, zlib
path, r, g, b = sys.argv[1], *map(int, sys.argv[2:5])
w, h = (int(sys.argv[5]), int(sys.argv[6])) if len(sys.argv) > 6 else (64, 40)
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
raw = b"".join(b"\0" + bytes((r, g, b)) * w for _ in range(h))
open(path, "wb").write(b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
}
# colours FILE.pdf: the distinct RGB triples of the PDF's first image
colours() {
    rm -f "$T"/px-*
    pdfimages "$1" "$T/px" || return 1
    "$PYTHON" - "$T"/px-000.ppm <<'PY'
import sys
d = open(sys.argv[1], "rb").read().split(b"\n", 3)[3]
print(sorted({tuple(d[i:i + 3]) for i in range(0, len(d), 3)}))
PY
}

# An edition with one photo, images/a.png, orange.
ed="$T/edition"
mkdir -p "$ed/articles" "$ed/images"
png "$ed/images/a.png" 200 120 40
cat >"$ed/edition.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<edition version="1">
  <title>河西日报</title>
  <date>2026-11-20</date>
  <layout>tabloid</layout>
  <page section="要闻">
    <article href="articles/a.xml"/>
  </page>
</edition>
X
cat >"$ed/articles/a.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<article id="a" kind="photo">
  <headline>口袋公园建成开放</headline>
  <body>
    <figure src="images/a.png"><caption>市民在新建的口袋公园散步。</caption></figure>
    <p>河西区今年新建口袋公园十二座，周边居民步行五分钟即可到达。</p>
  </body>
</article>
X

# 1. The working directory has its own images/a.png: blue, then damaged,
#    then a FIFO.  The PDF and the EPUB carry the edition's orange photo
#    every time; nothing aborts or hangs.
cwd="$T/cwd"
mkdir -p "$cwd/images"
png "$cwd/images/a.png" 40 120 200
out="$T/out1"
(cd "$cwd" && timeout 120 "$BANMIAN" build "$ed" -o "$out" -q) 2>"$T/err1" ||
    fail "build from a directory with its own images/a.png failed: $(cat "$T/err1")"
got=$(colours "$out"/*.pdf)
[ "$got" = "[(200, 120, 40)]" ] || fail "the PDF embeds $got, not the edition's image (200, 120, 40)"
unzip -p "$out"/*.epub 'OEBPS/images/img-001.png' | cmp -s - "$ed/images/a.png" ||
    fail "the EPUB's image is not the edition's file"
echo "ok   an images/a.png in the working directory is not embedded"

head -c 60 "$ed/images/a.png" >"$cwd/images/a.png"
rm -rf "$out"
rc=0
(cd "$cwd" && timeout 120 "$BANMIAN" build "$ed" --pdf -o "$out" -q) 2>"$T/err2" || rc=$?
[ "$rc" -eq 0 ] || fail "a damaged images/a.png in the working directory: exit $rc: $(cat "$T/err2")"
[ "$(colours "$out"/*.pdf)" = "[(200, 120, 40)]" ] || fail "damaged cwd image: wrong image in the PDF"
echo "ok   a damaged images/a.png in the working directory changes nothing"

rm -f "$cwd/images/a.png"; mkfifo "$cwd/images/a.png"
rm -rf "$out"
rc=0
(cd "$cwd" && timeout 120 "$BANMIAN" build "$ed" --pdf -o "$out" -q) 2>"$T/err3" || rc=$?
[ "$rc" -eq 0 ] || fail "a FIFO at images/a.png in the working directory: exit $rc (124 = hung): $(cat "$T/err3")"
echo "ok   a FIFO at images/a.png in the working directory does not block"

# 2. The edition's own image swapped for a FIFO: refused at the <figure>,
#    at once.
ed2="$T/edition-fifo"
cp -r "$ed" "$ed2"
rm "$ed2/images/a.png"; mkfifo "$ed2/images/a.png"
expect_exit 1 "$ed2/articles/a.xml:5:13: error: image 'images/a.png' is not a regular file" \
    timeout 60 "$BANMIAN" build "$ed2" -o "$T/out4"
# and every input named on the command line
mkfifo "$T/fifo"
o5="-o $T/out5"
for args in "build $T/fifo $o5" "import $T/fifo --json" "build $ed --fonts $T/fifo $o5" \
            "build $ed --layout $T/fifo $o5" "build $ed --cover $T/fifo $o5" \
            "check $T/fifo" "fonts --conf $T/fifo" "fonts --coverage $T/fifo"; do
    rc=0
    msg=$(timeout 60 "$BANMIAN" $args 2>&1 >/dev/null) || rc=$?
    [ "$rc" -ne 124 ] || fail "'banmian $args' hung on a FIFO"
    [ "$rc" -ne 0 ] || fail "'banmian $args' accepted a FIFO"
    expect_contains "$msg" "$T/fifo"
    [ -z "$(ls -A "$T/out5" 2>/dev/null)" ] || fail "'banmian $args' wrote output"
done
echo "ok   a FIFO given for any input is refused by name"

# 3. A symbolic link planted where the old writer put its temporary file
#    (NAME.pdf.tmp-PID; exec keeps the shell's PID) must not be followed:
#    the file it points at, outside the output directory, stays as it was.
out="$T/out6"; mkdir -p "$out"
victim="$T/victim.txt"
echo "not yours" >"$victim"
BANMIAN="$BANMIAN" out="$out" ed="$ed" victim="$victim" bash -c '
    for f in pdf epub; do ln -s "$victim" "$out/edition-2026-11-20.$f.tmp-$$"; done
    exec "$BANMIAN" build "$ed" -o "$out" -q' 2>"$T/err6" || fail "build with planted links: $(cat "$T/err6")"
[ "$(cat "$victim")" = "not yours" ] || fail "the build wrote through a planted symbolic link"
[ -f "$out/edition-2026-11-20.pdf" ] && [ ! -L "$out/edition-2026-11-20.pdf" ] || fail "no PDF"
[ -z "$(find "$out" -name '.*.tmp')" ] || fail "a temporary file was left"
echo "ok   a symbolic link at a temporary name is not followed"
# and the output name itself a link: replaced, its target untouched
rm -f "$out"/*.pdf; ln -s "$victim" "$out/edition-2026-11-20.pdf"
"$BANMIAN" build "$ed" --pdf -o "$out" -q 2>/dev/null || fail "build over a link"
[ "$(cat "$victim")" = "not yours" ] && [ ! -L "$out/edition-2026-11-20.pdf" ] ||
    fail "the build wrote through a link at the output name"
echo "ok   a symbolic link at the output name is replaced, not written through"

# 4. A signal while an output is half-written: the process stops itself at
#    its Nth write (BANMIAN_PAUSE_WRITE), the test signals it and lets it
#    go on; the temporary file is gone, nothing half-written is left, and
#    the run ends by that signal.  set -m: background jobs keep SIGINT;
#    env --default-signal: a signal the test's caller ignores (make run as
#    a background job, nohup) is not inherited as ignored -- banmian keeps
#    such a signal ignored, which is checked after the cases.
set -m
stopped() {  # PID: waits until the job stops itself (SIGSTOP); 1 if it did not
    local st i
    for i in $(seq 1200); do
        st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
        case "$st" in T*) return 0;; esac
        sleep 0.05
    done
    return 1
}
signalled() {  # PID SIGNAL: sends it, lets the job go on; rc: how it ended
    local i          # (not in a $(...): only this shell can wait for it)
    kill -s "$2" "$1"; kill -s CONT "$1"
    # wait also returns when the job stops (128 + SIGSTOP, the status bash
    # saw before SIGCONT): wait again until it reports how the job ended
    for i in $(seq 1200); do
        rc=0; wait "$1" || rc=$?
        [ "$rc" -eq $((128 + $(kill -l STOP))) ] || break
        sleep 0.05
    done
}
signal_case() {  # SIGNAL N ARGS...
    local sig=$1 nth=$2; shift 2
    local o="$T/sig-$sig-$nth" pid
    rm -rf "$o"; mkdir -p "$o"
    BANMIAN_PAUSE_WRITE=$nth env --default-signal=INT,TERM,HUP \
        "$BANMIAN" build "$ed" -o "$o" -q "$@" 2>/dev/null &
    pid=$!
    stopped "$pid" || fail "$sig: the build did not stop at write $nth"
    [ -n "$(find "$o" -name '.*.tmp')" ] || fail "$sig: no temporary output while stopped"
    local rc
    signalled "$pid" "$sig"
    local want=$((128 + $(kill -l "$sig")))
    [ "$rc" -eq "$want" ] || fail "$sig at write $nth: exit $rc, expected $want (killed by $sig)"
    local left
    left=$(find "$o" -name '.*' -o -name '*.tmp*' | grep -v "^$o\$" || true)
    [ -z "$left" ] || fail "$sig at write $nth: left $left"
    for f in "$o"/*.pdf; do
        [ -f "$f" ] && { qpdf --check "$f" >/dev/null 2>&1 || fail "$sig: partial $f"; }
    done
    for f in "$o"/*.epub; do
        [ -f "$f" ] && { unzip -tq "$f" >/dev/null 2>&1 || fail "$sig: partial $f"; }
    done
    echo "ok   $sig at write $nth ($*): no temporary file left"
}
signal_case TERM 1 --pdf
signal_case INT 1 --epub
signal_case HUP 2
signal_case TERM 2 --alto
signal_case INT 2 --png
# a signal ignored when the run started (nohup) stays ignored: the build
# goes on to whole outputs and succeeds
o="$T/sig-nohup"; rm -rf "$o"; mkdir -p "$o"
BANMIAN_PAUSE_WRITE=2 "$PYTHON" -c '
import os, signal, sys
signal.signal(signal.SIGHUP, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$BANMIAN" build "$ed" -o "$o" -q 2>/dev/null &
pid=$!
stopped "$pid" || fail "nohup: the build did not stop at write 2"
signalled "$pid" HUP
[ "$rc" -eq 0 ] || fail "HUP ignored at start (nohup): exit $rc, expected 0"
qpdf --check "$o"/*.pdf >/dev/null 2>&1 && unzip -tq "$o"/*.epub >/dev/null 2>&1 ||
    fail "nohup: no whole PDF and EPUB"
[ -z "$(find "$o" -name '.*.tmp')" ] || fail "nohup: a temporary file was left"
echo "ok   HUP ignored at start (nohup) stays ignored: the build ends whole"
set +m

# 5. Editions whose names have no ASCII letters do not share output names:
#    two built into one directory leave four files, each edition's own.
for n in 河西日报 青川日报; do
    cp -r "$ed" "$T/$n"
    sed -i "s|<title>河西日报</title>|<title>$n</title>|" "$T/$n/edition.xml"
done
out="$T/out7"
for n in 河西日报 青川日报; do
    "$BANMIAN" build "$T/$n" -o "$out" -q 2>/dev/null || fail "build $n"
done
[ "$(ls "$out" | wc -l)" -eq 4 ] || fail "two editions, $(ls "$out" | wc -l) files: $(ls "$out")"
# stable names: FNV-1a of the directory name
[ -f "$out/edition-52e8aae7-2026-11-20.pdf" ] || fail "河西日报: not edition-52e8aae7-…: $(ls "$out")"
t1=$(pdfinfo "$out/edition-52e8aae7-2026-11-20.pdf" | grep '^Title') t2=$(pdfinfo "$out/edition-c931aebf-2026-11-20.pdf" | grep '^Title')
expect_contains "$t1" "河西日报"; expect_contains "$t2" "青川日报"
# "build ." names the directory, not "edition"
(cd "$T/河西日报" && "$BANMIAN" build . --pdf -o "$T/out8" -q 2>/dev/null) || fail "build ."
[ -f "$T/out8/edition-52e8aae7-2026-11-20.pdf" ] || fail "build . wrote $(ls "$T/out8")"
echo "ok   editions named without ASCII letters get distinct, stable output names"

# 6. One photo shown by many figures is read, decoded and embedded once:
#    memory and the PDF stay linear in the input.  A 2000 x 1500 noise PNG
#    (9 MB, incompressible) in 12 figures: `check` peaks at about what one
#    figure costs (not 100 MB more), and the PDF holds one image object.
big="$T/edition-big"
mkdir -p "$big/articles" "$big/images"
"$PYTHON" - "$big/images/noise.png" <<'PY'
import os, struct, sys, zlib
w, h = 2000, 1500
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
rnd = os.urandom(w * 3 * h)
raw = b"".join(b"\0" + rnd[y * w * 3:(y + 1) * w * 3] for y in range(h))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))
PY
figs() {  # N: an edition of N figures of the one photo, 4 to an article
    local n=$1 a i k=0
    rm -f "$big"/articles/*.xml
    { echo '<?xml version="1.0" encoding="UTF-8"?><edition version="1"><title>河西日报</title>'
      echo '<date>2026-11-20</date><page section="要闻">'
      for a in $(seq $(( (n + 3) / 4 ))); do echo "<article href=\"articles/a$a.xml\"/>"; done
      echo '</page></edition>'; } >"$big/edition.xml"
    for a in $(seq $(( (n + 3) / 4 ))); do
        { echo "<?xml version=\"1.0\" encoding=\"UTF-8\"?><article id=\"a$a\" kind=\"photo\">"
          echo "<headline>图片新闻$a</headline><body>"
          for i in 1 2 3 4; do
              k=$((k + 1)); [ "$k" -le "$n" ] || break
              echo "<figure src=\"images/noise.png\"><caption>第${k}张。</caption></figure>"
          done
          echo "<p>河西区今年新建口袋公园十二座。</p></body></article>"; } >"$big/articles/a$a.xml"
    done
}
rss() {  # ARGS...: peak resident KB of banmian ARGS
    /usr/bin/time -f '%M' -o "$T/rss" "$BANMIAN" "$@" >/dev/null 2>&1 || fail "banmian $*"
    tail -1 "$T/rss"
}
figs 1;  one=$(rss check "$big")
figs 12; twelve=$(rss check "$big")
echo "check: peak $one KB with 1 figure, $twelve KB with 12"
[ "$twelve" -lt $((one + 30000)) ] || fail "12 figures of one photo cost $((twelve - one)) KB more than 1"
"$BANMIAN" build "$big" --pdf -q -o "$T/out9" 2>/dev/null || fail "build 12 figures"
objs=$(pdfimages -list "$T"/out9/*.pdf | tail -n +3 | awk '{print $11}' | sort -u | wc -l)
placed=$(pdfimages -list "$T"/out9/*.pdf | tail -n +3 | wc -l)
[ "$placed" -ge 2 ] && [ "$objs" -eq 1 ] || fail "$placed placements in $objs image objects, expected 1 object"
echo "ok   one photo in $placed figures: read once, one image object in the PDF"
