/* The batch engine: a producer, N worker threads and an in-order sink with a bounded window. */
#ifndef ZG_CLI_BATCH_H
#define ZG_CLI_BATCH_H

#include "cli.h"

/** Produces jobs in input order: 1 = *job filled, 0 = no more, -1 = fatal (stops the batch). */
typedef int (*batch_next_fn)(void *ctx, cli_job *job);

/** Receives each result in input order (it owns it afterwards); returns false to stop the batch. */
typedef bool (*batch_emit_fn)(void *ctx, cli_result *res);

/** What every worker needs to process a job. */
typedef struct batch_config {
    const zg_rules *rules;
    zg_limits limits;
    int jobs;                 /* worker threads, >= 1 */
    zg_format format;         /* record format rendered by the workers */
    unsigned render_flags;
    bool render_errors;       /* render an error record for failed inputs */
    const char *encoding;     /* defaults for every job */
    const char *input_format;
    int stop_fd;              /* -1, or a descriptor written to once when the batch stops early:
                                 it wakes a producer that waits for input (source_jsonl.c) */
} batch_config;

/**
 * Run the batch. Returns 0 when every job was produced and emitted, 1 when the sink or the
 * producer stopped it, -1 when the engine itself failed (threads, scanners, memory).
 * `why` receives the reason of a -1.
 */
int batch_run(const batch_config *cfg, batch_next_fn next, void *next_ctx,
              batch_emit_fn emit, void *emit_ctx, char *why, size_t why_len);

#endif
