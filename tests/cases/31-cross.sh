# Every verification case of 30-verify.sh again under --cross-check (issue
# 12): the native engine and the gpg engine must agree on the verdict and
# on each signature's status, counting, key and subkey, so that each case
# holds for both. Cases that name an engine (or --cross-check) run as
# written: they are about one engine.
EV_CROSS_CHECK=1
CASE_PREFIX='cross-check: '
# shellcheck source=tests/cases/30-verify.sh
. "$TESTS/cases/30-verify.sh"
EV_CROSS_CHECK=0
CASE_PREFIX=''
