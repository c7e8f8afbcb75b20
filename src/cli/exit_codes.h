/* Exit codes of the zhenggai command-line tool (documented in `zhenggai --help` and docs/cli.md). */
#ifndef ZG_CLI_EXIT_CODES_H
#define ZG_CLI_EXIT_CODES_H

/** Every input was converted (or skipped by --resume/--dedupe). */
#define ZG_EXIT_OK 0
/** An unexpected failure inside the tool (out of memory, thread creation, a library bug). */
#define ZG_EXIT_INTERNAL 1
/** The command line is wrong (unknown option, bad value, incompatible options). */
#define ZG_EXIT_USAGE 2
/** Some inputs failed (error records were written), the others were converted (or skipped by
 *  --resume/--dedupe). */
#define ZG_EXIT_SOME_FAILED 3
/** Every input failed (with --fail-fast: and none was left untried, which is 3). */
#define ZG_EXIT_ALL_FAILED 4
/** The rule files could not be loaded (file:line:col on stderr). */
#define ZG_EXIT_RULES 5
/** Output could not be written (disk full, permission, closed pipe …); the batch stopped. */
#define ZG_EXIT_OUTPUT 6

/* Killed by SIGINT/SIGTERM: temp files are removed and the signal is re-raised (exit 128+N). */

#endif
