# Binding the verdict to the release (issue 15), part 3: the rollback
# memory. The key store records, per platform, the highest version
# verified and when (releases.seen); an older one is said in the text
# and the JSON, and --no-downgrade turns it into exit 1. A corrupt,
# unreadable or unwritable record never changes a verdict: it is reported and left
# alone. The runs use a copy of the test key store.

R33=$T/rel33
S33=$T/store33
mkdir -p "$R33"
{
	rm -rf "$S33" && cp -a "$T/store" "$S33" && rm -f "$S33/releases.seen" &&
	for v in 4.6.2 4.8.1; do
		mkdir -p "$R33/src/$v/Electrum-$v/electrum" &&
		printf "ELECTRUM_VERSION = '%s'\n" "$v" > "$R33/src/$v/Electrum-$v/electrum/version.py" &&
		tar -C "$R33/src/$v" -czf "$R33/Electrum-$v.tar.gz" "Electrum-$v" &&
		fx_sign alice "$R33/Electrum-$v.tar.gz.asc" "$R33/Electrum-$v.tar.gz" -u "$FPR_alice!" || exit 1
	done
} > "$R33/make.log" 2>&1
report 'rollback fixtures: tarballs 4.6.2 and 4.8.1, a copy of the key store' $? "$(cat "$R33/make.log")"

H="ELECTRUM_VERIFY_HOME=$S33"
OLDER='^rollback: +OLDER than Electrum 4\.8\.1, verified here on [-0-9T:]+Z for this platform$'

t 'first release checked: verified, nothing older; the record written' 0 \
    "1:$(ok_line Electrum-4.8.1.tar.gz 1 alice)" '!^rollback:' \
    "sh:grep -qx 'source-tarball 4\\.8\\.1 [0-9]*' $S33/releases.seen" -- @$R33 $H Electrum-4.8.1.tar.gz
t 'an older release of the same platform: verified, OLDER said' 0 \
    "1:$(ok_line Electrum-4.6.2.tar.gz 1 alice)" "$OLDER" \
    "sh:grep -qx 'source-tarball 4\\.8\\.1 [0-9]*' $S33/releases.seen" -- @$R33 $H Electrum-4.6.2.tar.gz
t 'JSON: release.rollback.older, highest 4.8.1 and when' 0 \
    'json:.verdict == "verified" and .release.rollback.older == true and .release.rollback.highest == "4.8.1" and (.release.rollback.highest_verified | test("^20[0-9-]+T"))' \
    -- @$R33 $H --json Electrum-4.6.2.tar.gz
t '--no-downgrade: the older release is NOT VERIFIED, exit 1' 1 \
    "1:$(nok_line Electrum-4.6.2.tar.gz)Electrum 4\\.6\\.2 is older than Electrum 4\\.8\\.1, verified here on [-0-9T:]+Z for the source tarball \\(--no-downgrade\\)$" \
    -- @$R33 $H --no-downgrade Electrum-4.6.2.tar.gz
t '--no-downgrade on the highest itself: verified' 0 "1:$(ok_line Electrum-4.8.1.tar.gz 1 alice)" '!^rollback:' \
    -- @$R33 $H --no-downgrade Electrum-4.8.1.tar.gz
t '--no-downgrade with --keyring: no record is read or kept (a package build)' 0 \
    "1:$(kr_ok_line Electrum-4.6.2.tar.gz 1 "'$FX/keys/alice.asc'" 'Alice <alice@test>')" '!^rollback:' \
    -- @$R33 $H --no-downgrade --keyring $FX/keys/alice.asc Electrum-4.6.2.tar.gz
t '--no-downgrade given twice: usage error' 2 'err:--no-downgrade given twice' \
    -- @$R33 $H --no-downgrade --no-downgrade Electrum-4.6.2.tar.gz

# a corrupt record: reported, left byte for byte as it was, verdicts unchanged
printf 'source-tarball 9.9.9 yesterday\n' > "$R33/corrupt"
cp "$R33/corrupt" "$S33/releases.seen"
t 'corrupt record: verified all the same, the record named, left alone' 0 \
    "1:$(ok_line Electrum-4.6.2.tar.gz 1 alice)" \
    "^rollback: +the record of versions verified '$(re "$S33")/releases\\.seen' is corrupt at line 1: left alone, not updated$" \
    "sh:cmp -s $R33/corrupt $S33/releases.seen" -- @$R33 $H Electrum-4.6.2.tar.gz
t 'corrupt record, --no-downgrade: verified (the record cannot say older)' 0 \
    "1:$(ok_line Electrum-4.6.2.tar.gz 1 alice)" "sh:cmp -s $R33/corrupt $S33/releases.seen" \
    -- @$R33 $H --no-downgrade Electrum-4.6.2.tar.gz
t 'corrupt record, a BAD signature: still NOT VERIFIED' 1 "1:$(nok_line Electrum-4.6.2.tar.gz).*BAD signature" \
    -- @$R33 $H --sig Electrum-4.8.1.tar.gz.asc Electrum-4.6.2.tar.gz
# an unreadable record (a directory where the file belongs)
rm -f "$S33/releases.seen" && mkdir "$S33/releases.seen"
t 'unreadable record: verified all the same, the reason said, left alone' 0 \
    "1:$(ok_line Electrum-4.8.1.tar.gz 1 alice)" \
    "^rollback: +the record of versions verified could not be read \\(.*releases\\.seen.*\\): left alone$" \
    "sh:[ -d $S33/releases.seen ]" -- @$R33 $H Electrum-4.8.1.tar.gz
rmdir "$S33/releases.seen"

# An unwritable record: readable, holding an older version, so that the
# check would raise it, but the key store is on a read-only file system
# (a read-only bind mount in a mount namespace of the run's own: as root,
# modes do not stop a write). The verdicts are the same as with a
# writable record, the failed write is said, and the record is unchanged.
printf '# electrum-verify\nsource-tarball 4.6.2 1700000000\n' > "$R33/low"
cp "$R33/low" "$S33/releases.seen"
if unshare -m sh -c "mount --bind '$S33' '$S33' && mount -o remount,ro,bind '$S33' && ! touch '$S33/x'" 2>/dev/null; then
	printf '#!/bin/sh\nunshare -m sh -c %q sh "$@"\n' \
	    "mount --bind '$S33' '$S33' && mount -o remount,ro,bind '$S33' && exec $(printf '%q' "$EV") \"\$@\"" > "$R33/ev-ro"
	chmod +x "$R33/ev-ro"
	EV33=$EV
	EV=$R33/ev-ro
	t 'unwritable record: a newer release verified all the same, the failed write said, the record unchanged' 0 \
	    "1:$(ok_line Electrum-4.8.1.tar.gz 1 alice)" \
	    '^rollback: +the version verified could not be recorded: .*Read-only file system' \
	    "sh:cmp -s $R33/low $S33/releases.seen" -- @$R33 $H Electrum-4.8.1.tar.gz
	t 'unwritable record: JSON verified, the note in release.rollback, not older' 0 \
	    'json:.verdict == "verified" and .release.rollback.older == false and (.release.rollback.note | test("could not be recorded"))' \
	    "sh:cmp -s $R33/low $S33/releases.seen" -- @$R33 $H --json Electrum-4.8.1.tar.gz
	t 'unwritable record, --no-downgrade: the newer release still verified' 0 \
	    "1:$(ok_line Electrum-4.8.1.tar.gz 1 alice)" "sh:cmp -s $R33/low $S33/releases.seen" \
	    -- @$R33 $H --no-downgrade Electrum-4.8.1.tar.gz
	t 'unwritable record, a BAD signature: still NOT VERIFIED, nothing recorded' 1 \
	    "1:$(nok_line Electrum-4.8.1.tar.gz).*BAD signature" "sh:cmp -s $R33/low $S33/releases.seen" \
	    -- @$R33 $H --sig Electrum-4.6.2.tar.gz.asc Electrum-4.8.1.tar.gz
	printf '# electrum-verify\nsource-tarball 4.8.1 1700000000\n' > "$R33/high"
	cp "$R33/high" "$S33/releases.seen"
	t 'unwritable record holding 4.8.1: 4.6.2 is still OLDER, --no-downgrade exit 1' 1 \
	    "1:$(nok_line Electrum-4.6.2.tar.gz)Electrum 4\\.6\\.2 is older than Electrum 4\\.8\\.1, verified here on 2023-11-14T22:13:20Z" \
	    "sh:cmp -s $R33/high $S33/releases.seen" -- @$R33 $H --no-downgrade Electrum-4.6.2.tar.gz
	EV=$EV33
else
	printf '# not run: unwritable rollback record (a read-only bind mount is not permitted here)\n'
fi
rm -f "$S33/releases.seen"
