/*
 * Atomic output files and their cleanup on SIGINT/SIGTERM/SIGHUP.
 *
 * The registry of live temp files is the one piece of process-wide state of the tool: a signal
 * handler can only reach global memory. It is a fixed array of slots (claimed with atomics) so
 * the handler needs no locks and calls only unlink(), nanosleep(), signal() and raise().
 *
 * Other threads keep running while the handler runs, so a temp file created after the handler's
 * scan would be left behind. Creation is therefore a short section counted in temp_creating, run
 * with the fatal signals blocked in the creating thread: the handler first sets temp_dying (after
 * which no section creates a file), then waits for running sections to register their file.
 */
#define _GNU_SOURCE /* syncfs */
#include "atomic_file.h"

#include <fcntl.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TEMP_SLOTS 64

static char temp_paths[TEMP_SLOTS][PATH_MAX];
static atomic_int temp_used[TEMP_SLOTS];
static mode_t file_mode = 0644;
static atomic_int temp_dying;    /* set by the handler: no new temp file may be created */
static atomic_int temp_creating; /* threads between "create a temp file" and "registered it" */

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void on_fatal_signal(int sig)
{
    atomic_store(&temp_dying, 1);
    /* a creating thread has the signals blocked, so it is never this one: it finishes soon */
    while (atomic_load(&temp_creating) != 0) {
        struct timespec pause = { 0, 1000000 };
        nanosleep(&pause, NULL);
    }
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (atomic_load(&temp_used[i]) == 2) unlink(temp_paths[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

void output_signals_init(void)
{
    mode_t mask = umask(0);
    umask(mask);
    file_mode = 0666 & ~mask;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    const int *signals = fatal_signals;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        /* an ignored signal stays ignored (nohup, background jobs of a non-interactive shell) */
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(signals[i], &sa, NULL);
    }
}

/* A slot is 0 free, 1 being filled, 2 holding a path the handler may unlink. */
static int claim_slot(const char *path)
{
    if (strlen(path) >= PATH_MAX) return -1;
    for (int i = 0; i < TEMP_SLOTS; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&temp_used[i], &expected, 1)) {
            memcpy(temp_paths[i], path, strlen(path) + 1);
            atomic_store(&temp_used[i], 2);
            return i;
        }
    }
    return -1;
}

/* Creates the temp file (mkstemps on tmp_path) and registers it, atomically for the handler.
 * Returns the fd, or -1 with errno set (EINTR when the process is being killed). */
static int create_registered_temp(char *tmp_path, int *slot)
{
    sigset_t fatal, old;
    sigemptyset(&fatal);
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        sigaddset(&fatal, fatal_signals[i]);
    pthread_sigmask(SIG_BLOCK, &fatal, &old);
    atomic_fetch_add(&temp_creating, 1); /* seq_cst: either we see temp_dying or it waits for us */
    int fd = -1;
    *slot = -1;
    if (atomic_load(&temp_dying)) {
        errno = EINTR;
    } else {
        fd = mkstemps(tmp_path, 4);
        if (fd >= 0) *slot = claim_slot(tmp_path);
    }
    atomic_fetch_sub(&temp_creating, 1);
    pthread_sigmask(SIG_SETMASK, &old, NULL); /* a pending signal is delivered here */
    return fd;
}

static void release_slot(int slot)
{
    if (slot >= 0) atomic_store(&temp_used[slot], 0);
}

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* atomic_open without the stdio stream on the temp file: *fd is its descriptor (af->fp NULL),
 * or -1 when the target is a device or FIFO written through af->fp. */
static bool open_target(atomic_file *af, const char *path, bool durable, int *fd_out, char *why,
                        size_t why_len)
{
    *fd_out = -1;
    memset(af, 0, sizeof *af);
    af->slot = -1;
    af->durable = durable;
    af->final_path = dup_string(path);
    if (!af->final_path) {
        snprintf(why, why_len, "out of memory");
        return false;
    }
    /* Devices and FIFOs (/dev/stdout, /dev/full, a named pipe) cannot be renamed over. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(why, why_len, "is a directory");
            goto fail;
        }
        af->fp = fopen(path, "wb");
        if (!af->fp) {
            snprintf(why, why_len, "cannot open: %s", strerror(errno));
            goto fail;
        }
        return true;
    }
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t n = dir_len + strlen(base) + 16;
    af->tmp_path = malloc(n);
    if (!af->tmp_path) {
        snprintf(why, why_len, "out of memory");
        goto fail;
    }
    /* Hidden, and ending in .tmp: directory walks skip it and .gitignore covers it. */
    snprintf(af->tmp_path, n, "%.*s.%s.XXXXXX.tmp", (int)dir_len, path, base);
    int fd = create_registered_temp(af->tmp_path, &af->slot);
    if (fd < 0) {
        snprintf(why, why_len, "cannot create a temp file in its directory: %s", strerror(errno));
        goto fail;
    }
    (void)fchmod(fd, file_mode); /* mkstemp makes 0600; outputs get the usual umask mode */
    *fd_out = fd;
    return true;
fail:
    release_slot(af->slot);
    free(af->tmp_path);
    free(af->final_path);
    memset(af, 0, sizeof *af);
    af->slot = -1;
    return false;
}

/* Forget a temp file that is closed (or never opened as a stream): remove it if it is not ok. */
static void finish_temp(atomic_file *af, bool keep)
{
    if (!keep && af->tmp_path) unlink(af->tmp_path);
    release_slot(af->slot);
    free(af->tmp_path);
    free(af->final_path);
    memset(af, 0, sizeof *af);
    af->slot = -1;
}

bool atomic_open(atomic_file *af, const char *path, bool durable, char *why, size_t why_len)
{
    int fd;
    if (!open_target(af, path, durable, &fd, why, why_len)) return false;
    if (fd < 0) return true;   /* a device or FIFO: af->fp */
    af->fp = fdopen(fd, "wb");
    if (!af->fp) {
        snprintf(why, why_len, "cannot open: %s", strerror(errno));
        close(fd);
        finish_temp(af, false);
        return false;
    }
    return true;
}

bool atomic_commit(atomic_file *af, char *why, size_t why_len)
{
    if (!af->fp) {
        snprintf(why, why_len, "not open");
        return false;
    }
    bool ok = true;
    int saved = 0;
    if (fflush(af->fp) != 0 || ferror(af->fp)) {
        saved = errno ? errno : EIO;
        ok = false;
    }
    if (ok && af->tmp_path && af->durable && fsync(fileno(af->fp)) != 0) {
        saved = errno;
        ok = false;
    }
    if (fclose(af->fp) != 0 && ok) {
        saved = errno;
        ok = false;
    }
    af->fp = NULL;
    if (ok && af->tmp_path && rename(af->tmp_path, af->final_path) != 0) {
        saved = errno;
        ok = false;
    }
    if (!ok) {
        snprintf(why, why_len, "write failed: %s", strerror(saved));
        if (af->tmp_path) unlink(af->tmp_path);
    }
    release_slot(af->slot);
    free(af->tmp_path);
    free(af->final_path);
    memset(af, 0, sizeof *af);
    af->slot = -1;
    return ok;
}

void atomic_abort(atomic_file *af)
{
    if (af->fp) fclose(af->fp);
    if (af->tmp_path) unlink(af->tmp_path);
    release_slot(af->slot);
    free(af->tmp_path);
    free(af->final_path);
    memset(af, 0, sizeof *af);
    af->slot = -1;
}

/* One output file per input (-o DIR/): the temp file is written with write(2), without a stdio
 * stream (whose set-up costs an fcntl and an fstat per file). Same checks and messages. */
bool atomic_write_file(const char *path, const char *data, size_t len, char *why, size_t why_len)
{
    atomic_file af;
    int fd;
    if (!open_target(&af, path, false, &fd, why, why_len)) return false;
    if (fd >= 0) {
        size_t done = 0;
        int saved = 0;
        while (done < len) {
            ssize_t got = write(fd, data + done, len - done);
            if (got <= 0) {
                if (got < 0 && errno == EINTR) continue;
                saved = got < 0 ? errno : EIO;
                break;
            }
            done += (size_t)got;
        }
        if (done == len && close(fd) != 0) saved = errno;
        else if (done < len) close(fd);
        if (!saved && rename(af.tmp_path, af.final_path) != 0) saved = errno;
        if (saved) snprintf(why, why_len, "write failed: %s", strerror(saved));
        finish_temp(&af, !saved);
        return !saved;
    }
    if (len && fwrite(data, 1, len, af.fp) != len) {
        snprintf(why, why_len, "write failed: %s", strerror(errno));
        atomic_abort(&af);
        return false;
    }
    return atomic_commit(&af, why, why_len);
}

bool make_dirs(const char *dir, char *why, size_t why_len)
{
    char buf[PATH_MAX];
    size_t n = strlen(dir);
    if (n == 0) return true;
    if (n >= sizeof buf) {
        snprintf(why, why_len, "path too long");
        return false;
    }
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            snprintf(why, why_len, "cannot create directory %s: %s", buf, strerror(errno));
            return false;
        }
        buf[i] = saved;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(why, why_len, "%s is not a directory", dir);
        return false;
    }
    return true;
}

bool sync_file_system(const char *dir, char *why, size_t why_len)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        snprintf(why, why_len, "cannot open: %s", strerror(errno));
        return false;
    }
#ifdef __linux__
    int rc = syncfs(fd);
#else
    sync();
    int rc = 0;
#endif
    int saved = errno;
    close(fd);
    if (rc != 0) {
        snprintf(why, why_len, "cannot flush to disk: %s", strerror(saved));
        return false;
    }
    return true;
}
