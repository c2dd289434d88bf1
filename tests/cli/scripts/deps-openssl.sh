#!/bin/sh
# mk/deps.sh --check (what make runs before building) passes on this
# machine, and refuses an OpenSSL older than 3 by name, with or without
# dpkg: pkg-config's openssl module is the same for 1.1.
set -u
root=$(cd "$DATA/../.." && pwd)
fail=0
sh "$root/mk/deps.sh" --check build 2> "$WORK/deps.err" ||
    { echo "deps check fails here: $(cat "$WORK/deps.err")"; fail=1; }
mkdir -p "$WORK/old-openssl"
cat > "$WORK/old-openssl/pkg-config" <<'EOS'
#!/bin/sh
# pkg-config as on a machine with OpenSSL 1.1.1 and every other module.
case "$*" in
*--atleast-version=3*openssl*) exit 1 ;;
*--modversion*openssl*) echo 1.1.1w ;;
*--exists*) exit 0 ;;
*) exit 0 ;;
esac
EOS
chmod +x "$WORK/old-openssl/pkg-config"
PATH="$WORK/old-openssl:$PATH" sh "$root/mk/deps.sh" --check build \
    2> "$WORK/deps.err" && { echo "OpenSSL 1.1.1 accepted"; fail=1; }
grep -q 'OpenSSL 3.0 or later is needed; pkg-config finds openssl 1.1.1w' \
    "$WORK/deps.err" || { echo "message: $(cat "$WORK/deps.err")"; fail=1; }
exit $fail
