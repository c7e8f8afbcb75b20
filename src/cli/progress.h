/* Progress bar on stderr (only when stderr is a terminal) and the closing summary. */
#ifndef ZG_CLI_PROGRESS_H
#define ZG_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct progress {
    bool enabled;
    bool drawn;          /* a bar is on screen and must be cleared before other messages */
    size_t total;        /* files expected, 0 = unknown */
    size_t total_bytes;
    double start, last_draw;
} progress;

/** Seconds on a monotonic clock. */
double progress_now(void);

/** Start timing; the bar is drawn only if `enabled`. */
void progress_start(progress *p, bool enabled, size_t total, size_t total_bytes);

/** Redraw (at most 10 times a second unless `force`). */
void progress_update(progress *p, size_t done, size_t bytes, size_t errors, bool force);

/** Erase the bar so a message can be printed on a clean line. */
void progress_clear(progress *p);

#endif
