/* Job sources for the batch engine: the directory walk (+ stdin "-") and JSON Lines on stdin. */
#ifndef ZG_CLI_SOURCES_H
#define ZG_CLI_SOURCES_H

#include "cli.h"
#include "strmap.h"
#include "walk.h"
#include <sys/types.h>

/** Walk inputs; with --resume skip inputs whose output file exists. */
typedef struct walk_source {
    walker *walker;
    const cli_options *opt;
    zg_format format;
    size_t max_bytes;       /* for stdin */
    size_t skipped;
    bool stdin_used;
    strmap claimed;         /* -o DIR/: output path → the input it belongs to */
    walk_scope *scope;      /* the run's inputs, made when an output is found to exist */
    int out_file;           /* -o FILE existed before the run: 1 (out_dev, out_ino); 0 no; -1 not looked */
    dev_t out_dev;
    ino_t out_ino;
} walk_source;

/** batch_next_fn over a walk_source. */
int walk_source_next(void *ctx, cli_job *job);

/** Whether the walk has inputs left (after the batch stopped early). */
bool walk_source_more(walk_source *src);

/** Release the walker and the claimed output names. */
void walk_source_free(walk_source *src);

/** Count what a walk_source would produce (for the progress bar): files and bytes. */
void walk_source_count(const cli_options *opt, zg_format format, size_t *files, size_t *bytes);

/** Bytes read from the stream at a time. */
enum { JSONL_BLOCK = 1 << 16 };

/** JSON Lines records {"path": …, "content": …} read from a stream (through its descriptor). */
typedef struct jsonl_source {
    FILE *in;
    size_t line_no;
    size_t max_bytes;
    char *line;              /* the current line, as much of it as can matter (see read_line) */
    size_t line_cap;
    char *block;             /* what was read and not yet taken: block[block_pos..block_len) */
    size_t block_pos, block_len;
    bool read_error;
    bool at_end;             /* the end of the input was read */
    int stop_fd;             /* -1, or readable once the batch has stopped: ends a wait for input */
    bool stopped;            /* a wait for input ended so: the input was not read to its end */
} jsonl_source;

/** batch_next_fn over a jsonl_source: one job per non-blank line. */
int jsonl_source_next(void *ctx, cli_job *job);

/** Whether a non-blank line may be left (after the batch stopped early): what was read, or
 *  what the input has ready now; true when nothing is ready yet (more may come). */
bool jsonl_source_more(jsonl_source *src);

/** Read all of `in` (at most `max` bytes) into *data. ZG_OK, ZG_ERR_TOO_LARGE, ZG_ERR_IO, NOMEM. */
zg_status read_stream(FILE *in, size_t max, unsigned char **data, size_t *len);

#endif
