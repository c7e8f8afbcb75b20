/* Atomic output files: write to a temp file in the same directory, then rename over the target. */
#ifndef ZG_CLI_ATOMIC_FILE_H
#define ZG_CLI_ATOMIC_FILE_H

#include <stdbool.h>
#include <stdio.h>

/** An output file being written. */
typedef struct atomic_file {
    char *final_path;
    char *tmp_path;      /* NULL when writing straight to a non-regular file (/dev/full, FIFO) */
    FILE *fp;
    int slot;            /* index in the signal-cleanup registry, -1 if none */
    bool durable;        /* fsync before the rename */
} atomic_file;

/**
 * Install SIGINT/SIGTERM/SIGHUP handlers that remove registered temp files and re-raise the
 * signal. Call once, before any thread starts.
 */
void output_signals_init(void);

/**
 * Open a temp file next to `path`. With `durable` the data is fsynced before the rename (else the
 * rename still makes the file appear whole to readers, but only sync_directory_tree() or the OS
 * makes it survive a power loss). Returns false with a reason in `why`.
 */
bool atomic_open(atomic_file *af, const char *path, bool durable, char *why, size_t why_len);

/** Flush, check for write errors, (fsync,) close and rename into place. Returns false with `why`;
 *  the temp file is then removed. */
bool atomic_commit(atomic_file *af, char *why, size_t why_len);

/** Close and remove the temp file (no-op on a closed file). */
void atomic_abort(atomic_file *af);

/** Write a whole file atomically (not durable: see atomic_open). */
bool atomic_write_file(const char *path, const char *data, size_t len, char *why, size_t why_len);

/** Flush the file system holding `dir` to disk (one call for a whole batch of outputs). */
bool sync_file_system(const char *dir, char *why, size_t why_len);

/** Create `dir` and its parents (like mkdir -p). */
bool make_dirs(const char *dir, char *why, size_t why_len);

#endif
