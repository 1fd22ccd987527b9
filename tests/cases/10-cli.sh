# Command line: help, version, usage errors (exit 2, message on stderr).
# Options are given before FILE, as in the synopsis
#   electrum-verify [check] [options] FILE

#  name                                      exit  checks ...                                      -- arguments
t '--help exits 0 and shows the usage'          0 '[Uu]sage' '--min-sigs'                           -- --help
t '--version exits 0 and shows a version'       0 '[0-9]+\.[0-9]+'                                 -- --version
t 'no arguments: usage error'                   2 'err:^electrum-verify: ' '!^VERIFIED'             --
t 'unknown option: usage error naming it'       2 'err:^electrum-verify: ' 'err:bogus' '!^VERIFIED' -- --bogus --sig sig/alice.asc data.bin
t 'two FILE operands: usage error'              2 'err:^electrum-verify: ' '!^VERIFIED'             -- --sig sig/alice.asc data.bin other.bin
t '--sig without its value: usage error'        2 'err:^electrum-verify: ' '!^VERIFIED'             -- data.bin --sig
t '--min-sigs abc: usage error'                 2 'err:^electrum-verify: ' 'err:min-sigs|abc' '!^VERIFIED' -- --min-sigs abc --sig sig/alice.asc data.bin
t '--min-sigs 0 is refused (would verify anything)' 2 'err:^electrum-verify: ' 'err:min-sigs|0' '!^VERIFIED' -- --min-sigs 0 --sig sig/alice.asc data.bin
t '--min-sigs -1: usage error'                  2 'err:^electrum-verify: ' '!^VERIFIED'             -- --min-sigs -1 --sig sig/alice.asc data.bin
t '--min-sigs 65: above the limit (64)'         2 'err:^electrum-verify: ' 'err:min-sigs' '!^VERIFIED' -- --min-sigs 65 --sig sig/alice.asc data.bin
t '--min-sigs 2x: usage error'                  2 'err:^electrum-verify: ' '!^VERIFIED'             -- --min-sigs 2x --sig sig/alice.asc data.bin
t 'keys with an unknown subcommand: usage error' 2 'err:^electrum-verify: '                        -- keys frobnicate
t 'keys import without a file: usage error'     2 'err:^electrum-verify: '                         -- keys import
t 'messages are lowercase after the program name' 2 'err:^electrum-verify: [^A-Z]'                 -- --bogus data.bin
