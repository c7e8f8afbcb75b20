/* Where results go, in input order: one stream (stdout or -o FILE) or one file per input (-o DIR). */
#ifndef ZG_CLI_SINK_H
#define ZG_CLI_SINK_H

#include "atomic_file.h"
#include "cli.h"
#include "progress.h"
#include "strmap.h"

#include <sys/uio.h>

/** Pieces of output queued for one writev (IOV_MAX is 1024). */
enum { SINK_PENDING = 64 };

typedef struct sink {
    const cli_options *opt;
    zg_format format;
    bool dir_mode;
    const char *extension;        /* ".json" or ".xml" in dir mode */
    FILE *stream;                 /* stdout or file.fp: written through fd, not stdio */
    int fd;                       /* fileno(stream) */
    struct iovec pending[SINK_PENDING];   /* queued pieces of output, in order */
    char *pending_owned[SINK_PENDING];    /* heap pieces among them (else NULL), freed once written */
    size_t n_pending, pending_bytes;
    atomic_file file;             /* -o FILE */
    const char *stream_name;      /* for messages */
    bool outline_headers;         /* "==> path <==" before each outline */
    strmap digests;               /* sha256 → first path */
    char *last_dir;               /* directory made (or found) for the last output (dir mode) */
    progress prog;
    size_t files, ok, failed, issues, bytes, duplicates, skipped;
    size_t results;               /* every result emitted (inputs skipped by --resume too) */
    bool output_failed;
} sink;

/** Open the output (stream, CSV header/BOM). false = output error (already reported). */
bool sink_open(sink *s, const cli_options *opt, zg_format format);

/** batch_emit_fn: take one result in order. */
bool sink_emit(void *ctx, cli_result *res);

/** Flush/commit (or, if !commit, discard) the stream. false = output error (reported). */
bool sink_close(sink *s, bool commit);

/** Output path in dir mode for a relative name (heap), or NULL on no memory. */
char *sink_dir_output_path(const cli_options *opt, zg_format format, const char *out_name);

/** The closing "files, issues, errors, time" line on stderr. */
void sink_summary(sink *s);

#endif
