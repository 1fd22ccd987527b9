# After every run of the tool: the sentinel ~/.gnupg and the rest of HOME
# unchanged, no GnuPG daemon left running, no temporary GnuPG home left.
# (Every case ran with HOME=$T/home and TMPDIR=$T/tmp.)

t_unchanged '~/.gnupg untouched by every run' "$T/home/.gnupg" "$T/dotgnupg.snap"
t_unchanged 'nothing written anywhere in HOME' "$T/home" "$T/home.snap"

# daemons_left: GnuPG daemons whose command line names a path under $T,
# waiting up to 3 s for ones that are shutting down.
daemons_left() {
	local i
	for i in 1 2 3 4 5 6; do
		pgrep -af -- "(gpg-agent|dirmngr|keyboxd|scdaemon).*$T" > "$T/daemons" 2>/dev/null || return 0
		sleep 0.5
	done
	return 1
}
# the fixtures' own agents (under $T/gen) are not the tool's: stop them first
fx_stop_agents
if daemons_left; then
	report 'no gpg-agent/dirmngr started by the tool survives' 0
else
	report 'no gpg-agent/dirmngr started by the tool survives' 1 "still running:" "$(cat "$T/daemons")"
fi
left=$(find "$T/tmp" -mindepth 1 -maxdepth 1 2>/dev/null | head -n 5)
if [ -z "$left" ]; then
	report 'no temporary GnuPG home left in TMPDIR' 0
else
	report 'no temporary GnuPG home left in TMPDIR' 1 "left in $T/tmp:" "$left"
fi
