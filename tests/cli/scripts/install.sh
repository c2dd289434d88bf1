#!/bin/sh
# make install into a staging folder (DESTDIR with a space, PREFIX=/usr)
# puts exactly the expected files there, with their modes and bytes, the
# installed tools run and the completions parse; make uninstall takes all
# of it away, and only it.  Recipes (recipes/ or RECIPES=DIR) keep their
# tree.  The tools already built are installed: make never rebuilds here
# (-o all), and never calls apt-get (IK_DEPS_DONE=1).
set -u
root=$(cd "$DATA/../.." && pwd)
fail=0
# The build folder the tools on PATH come from (build, build-asan); under
# valgrind PATH holds wrappers, and the plain build is the one tested.
bindir=$(cd "$(dirname "$(command -v itl-show)")" && pwd)
case $bindir in
"$root"/*/bin) b=${bindir#"$root"/}; b=${b%/bin} ;;
*) b=build ;;
esac
san=
[ "$b" = build-asan ] && san=1
# This runs under make check: its flags and jobserver are not for us.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
mk()
{
	make -s -C "$root" -o all IK_DEPS_DONE=1 B="$b" SANITIZE="$san" \
	    PREFIX=/usr "$@"
}

tools=$(cd "$root/tools" && ls *.c | sed 's/\.c$//')
for t in $tools; do
	[ -x "$root/$b/bin/$t" ] && [ -f "$root/$b/completions/$t" ] ||
	    { echo "$b/ lacks $t or its completion: run make first"; exit 1; }
done

tab=$(printf '\t')
# What must be installed: path (under DESTDIR), mode, source; tab apart.
expected()
{
	for t in $tools; do
		echo "usr/bin/$t${tab}755$tab$b/bin/$t"
		echo "usr/share/bash-completion/completions/$t${tab}644$tab$b/completions/$t"
	done
	for m in "$root"/docs/*.1; do
		n=$(basename "$m")
		echo "usr/share/man/man1/$n${tab}644${tab}docs/$n"
	done
	echo "usr/share/man/man7/itlkit.7${tab}644${tab}docs/itlkit.7"
	echo "usr/share/doc/itlkit/README.md${tab}644${tab}README.md"
	for d in findings.md SECURITY.md formats.md formats-drs.md batch.md; do
		echo "usr/share/doc/itlkit/$d${tab}644${tab}docs/$d"
	done
	if [ -d "$1" ]; then
		(cd "$1" && find . -type f ! -path '*/.*') | sed 's|^\./||' |
		    while IFS= read -r f; do
			echo "usr/share/itlkit/recipes/$f${tab}644$tab$1/$f"
		done
	fi
}

# check DEST RECIPES: the tree under DEST is exactly expected's.
check()
{
	expected "$2" | LC_ALL=C sort > "$WORK/want.list"
	(cd "$1" && find . ! -type d | sed 's|^\./||' | while IFS= read -r f; do
		echo "$f$tab$(stat -c %a "$f")"; done) | LC_ALL=C sort > "$WORK/got.list"
	cut -f1,2 "$WORK/want.list" > "$WORK/want.modes"
	if ! cmp -s "$WORK/want.modes" "$WORK/got.list"; then
		echo "installed files and modes differ from the expected:"
		diff "$WORK/want.modes" "$WORK/got.list" | head -20
		fail=1
	fi
	while IFS=$tab read -r path mode src; do
		case $src in /*) ;; *) src=$root/$src ;; esac
		[ -f "$1/$path" ] && ! cmp -s "$src" "$1/$path" &&
		    { echo "$path is not a copy of $src"; fail=1; }
	done < "$WORK/want.list"
}

# check_gone DEST: nothing left but folders shared with other packages.
check_gone()
{
	left=$(cd "$1" && find . ! -type d)
	[ -z "$left" ] || { echo "uninstall left: $left"; fail=1; }
	for d in usr/share/doc/itlkit usr/share/itlkit; do
		[ -e "$1/$d" ] && { echo "uninstall left $d"; fail=1; }
	done
}

dest="$WORK/stage dir"
rec=$root/recipes
mk install DESTDIR="$dest" > "$WORK/install.out" 2>&1 ||
    { echo "make install failed:"; cat "$WORK/install.out"; fail=1; }
check "$dest" "$rec"
"$dest/usr/bin/itl-show" --version > "$WORK/version" 2>&1 ||
    { echo "the installed itl-show does not run"; fail=1; }
grep -q '^itl-show (itlkit) ' "$WORK/version" ||
    { echo "installed itl-show --version: $(cat "$WORK/version")"; fail=1; }
for t in $tools; do
	f="$dest/usr/share/bash-completion/completions/$t"
	bash -n "$f" || { echo "completion $t does not parse"; fail=1; }
	grep -q "^complete -F _itlkit_[a-z0-9_]* $t\$" "$f" ||
	    { echo "completion $t does not complete $t"; fail=1; }
done
mk uninstall DESTDIR="$dest" > "$WORK/uninstall.out" 2>&1 ||
    { echo "make uninstall failed:"; cat "$WORK/uninstall.out"; fail=1; }
check_gone "$dest"

# A recipes tree with folders, a space and hidden files (left out).
rec="$WORK/recipes src"
mkdir -p "$rec/drs/more" "$rec/with space" "$rec/.git"
echo "recipe: a" > "$rec/a.yaml"
echo "recipe: b" > "$rec/drs/more/b.yaml"
echo "recipe: c" > "$rec/with space/c d.yaml"
: > "$rec/.hidden"
: > "$rec/.git/HEAD"
dest=$WORK/stage2
mk install DESTDIR="$dest" RECIPES="$rec" > "$WORK/install.out" 2>&1 ||
    { echo "make install RECIPES= failed:"; cat "$WORK/install.out"; fail=1; }
check "$dest" "$rec"
# A file install did not put there stays, with its folder.
echo mine > "$dest/usr/share/doc/itlkit/notes.txt"
mk uninstall DESTDIR="$dest" RECIPES="$rec" > "$WORK/uninstall.out" 2>&1 ||
    { echo "make uninstall RECIPES= failed:"; cat "$WORK/uninstall.out"; fail=1; }
left=$(cd "$dest" && find . ! -type d)
[ "$left" = ./usr/share/doc/itlkit/notes.txt ] ||
    { echo "uninstall should leave only notes.txt, left: $left"; fail=1; }
[ -e "$dest/usr/share/itlkit" ] && { echo "uninstall left share/itlkit"; fail=1; }
rm -f "$dest/usr/share/doc/itlkit/notes.txt"
exit $fail
