/* The in-order consumer of results: writes records, reports failures and duplicates, counts. */
#include "sink.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/*
 * Records are not copied into a stdio buffer: the sink keeps the rendered strings themselves
 * (it owns each result) and hands up to 64 KiB of them, or SINK_PENDING pieces, to one writev(2)
 * on the stream's descriptor. Nothing goes through the FILE's own buffer, which stays empty.
 */
enum { PENDING_BYTES = 1 << 16 };

static const char *dir_extension(zg_format format)
{
    return format == ZG_FORMAT_XML ? ".xml" : ".json";
}

char *sink_dir_output_path(const cli_options *opt, zg_format format, const char *out_name)
{
    const char *ext = dir_extension(format);
    size_t n = strlen(opt->output) + strlen(out_name) + strlen(ext) + 2;
    char *p = malloc(n);
    if (!p) return NULL;
    size_t dl = strlen(opt->output);
    while (dl > 1 && opt->output[dl - 1] == '/') dl--;
    snprintf(p, n, "%.*s/%s%s", (int)dl, opt->output, out_name, ext);
    return p;
}

static void report_output_error(sink *s, const char *name, const char *why)
{
    progress_clear(&s->prog);
    cli_error("%s: %s", name, why);
    s->output_failed = true;
}

static bool is_csv(zg_format f)
{
    return f == ZG_FORMAT_CSV_DOCUMENTS || f == ZG_FORMAT_CSV_ISSUES || f == ZG_FORMAT_CSV_MEASURES ||
           f == ZG_FORMAT_CSV_FACTS;
}

static void write_failed(sink *s, int err)
{
    char why[256];
    snprintf(why, sizeof why, "write failed: %s", strerror(err ? err : EIO));
    report_output_error(s, s->stream_name, why);
}

static void drop_pending(sink *s)
{
    for (size_t i = 0; i < s->n_pending; i++) free(s->pending_owned[i]);
    s->n_pending = 0;
    s->pending_bytes = 0;
}

/* Write every queued piece (short writes are continued), then free the owned ones. */
static bool flush_pending(sink *s)
{
    struct iovec *iov = s->pending;
    size_t n = s->n_pending;
    bool ok = !s->output_failed;
    while (ok && n) {
        ssize_t got = writev(s->fd, iov, (int)n);
        if (got < 0) {
            if (errno == EINTR) continue;
            write_failed(s, errno);
            ok = false;
            break;
        }
        size_t left = (size_t)got;
        while (n && left >= iov->iov_len) {
            left -= iov->iov_len;
            iov++;
            n--;
        }
        if (n) {
            iov->iov_base = (char *)iov->iov_base + left;
            iov->iov_len -= left;
        }
    }
    drop_pending(s);
    return ok;
}

/* Queue len bytes at data for the stream; `owned` (heap, or NULL) is freed once written. */
static bool queue_stream(sink *s, const char *data, size_t len, char *owned)
{
    if (len == 0) {
        free(owned);
        return true;
    }
    if (s->n_pending == SINK_PENDING && !flush_pending(s)) {
        free(owned);
        return false;
    }
    s->pending[s->n_pending].iov_base = (void *)data;
    s->pending[s->n_pending].iov_len = len;
    s->pending_owned[s->n_pending++] = owned;
    s->pending_bytes += len;
    return s->pending_bytes < PENDING_BYTES || flush_pending(s);
}

static bool write_stream(sink *s, const char *data, size_t len) { return queue_stream(s, data, len, NULL); }

bool sink_open(sink *s, const cli_options *opt, zg_format format)
{
    memset(s, 0, sizeof *s);
    s->opt = opt;
    s->format = format;
    s->file.slot = -1;
    s->fd = -1;
    s->dir_mode = opt->output && opt->output_is_dir;
    s->extension = dir_extension(format);
    s->outline_headers = format == ZG_FORMAT_OUTLINE && opt->several;
    if (s->dir_mode) {
        char why[512];
        if (!make_dirs(opt->output, why, sizeof why)) {
            report_output_error(s, opt->output, why);
            return false;
        }
        return true;
    }
    if (opt->output && strcmp(opt->output, "-") != 0) {
        char why[512];
        if (!atomic_open(&s->file, opt->output, true, why, sizeof why)) {
            report_output_error(s, opt->output, why);
            return false;
        }
        s->stream = s->file.fp;
        s->stream_name = opt->output;
    } else {
        s->stream = stdout;
        s->stream_name = "<stdout>";
        fflush(stdout);   /* nothing is buffered there, but the order must hold if it were */
    }
    s->fd = fileno(s->stream);
    if (is_csv(format)) {
        if (opt->csv_bom && !write_stream(s, "\xEF\xBB\xBF", 3)) return false;
        const char *header = zg_csv_header(format);
        if (header && !write_stream(s, header, strlen(header))) return false;
    }
    return true;
}

/* A message naming the input, on a clean line under the progress bar. */
static void report_failure(sink *s, const cli_result *r)
{
    progress_clear(&s->prog);
    const zg_error *e = &r->err;
    const char *where = e->file[0] ? e->file : (r->job.path ? r->job.path : "?");
    if (e->line > 0)
        cli_error("%s:%d:%d: %s", where, e->line, e->column, e->message);
    else
        cli_error("%s: %s", where, e->message[0] ? e->message : zg_status_message(r->status));
}

static bool write_record(sink *s, cli_result *r)
{
    if (s->outline_headers) {
        const char *sep = s->files > 1 ? "\n" : "";
        const char *path = r->job.path ? r->job.path : "";
        size_t n = strlen(sep) + strlen(path) + 10;
        char *header = malloc(n);
        if (!header) {
            report_output_error(s, s->stream_name, "out of memory");
            return false;
        }
        int len = snprintf(header, n, "%s==> %s <==\n", sep, path);
        if (!queue_stream(s, header, (size_t)len, header)) return false;
    }
    /* records are separated by newlines even if a renderer omits the last one */
    bool needs_newline = r->rendered_len && r->rendered[r->rendered_len - 1] != '\n' && !is_csv(s->format);
    /* the sink owns the result: the record is written from where it was rendered */
    char *record = r->rendered;
    r->rendered = NULL;
    if (!queue_stream(s, record, r->rendered_len, record)) return false;
    return !needs_newline || write_stream(s, "\n", 1);
}

static bool write_dir_record(sink *s, cli_result *r)
{
    char *path = sink_dir_output_path(s->opt, s->format, r->job.out_name ? r->job.out_name : "stdin");
    if (!path) {
        report_output_error(s, s->opt->output, "out of memory");
        return false;
    }
    char why[512];
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        /* inputs come directory by directory: the one made for the previous output is there */
        bool made = s->last_dir && strcmp(s->last_dir, path) == 0;
        if (!made && (made = make_dirs(path, why, sizeof why))) {
            free(s->last_dir);
            s->last_dir = strdup(path);   /* NULL only makes the next call check again */
        }
        *slash = '/';
        if (!made) {
            report_output_error(s, path, why);
            free(path);
            return false;
        }
    }
    bool ok = atomic_write_file(path, r->rendered, r->rendered_len, why, sizeof why);
    if (!ok) report_output_error(s, path, why);
    free(path);
    return ok;
}

/* An input --resume skipped: remember its digest for --dedupe; it is not a file of this run. */
static bool note_skipped(sink *s, cli_result *r)
{
    bool ok = true;
    if (r->status != ZG_OK) {
        progress_clear(&s->prog);
        cli_warning("%s: skipped (--resume), but cannot be read for --dedupe: %s", r->job.path,
                    r->err.message);
    } else if (strmap_insert(&s->digests, r->sha256, r->job.path, NULL) < 0) {
        report_output_error(s, "memory", "out of memory");
        ok = false;
    }
    cli_result_clear(r);
    return ok;
}

bool sink_emit(void *ctx, cli_result *r)
{
    sink *s = ctx;
    s->results++;
    if (r->job.digest_only) return note_skipped(s, r);
    bool go_on = true;
    s->files++;
    s->bytes += r->job.size;
    if (r->status != ZG_OK) {
        s->failed++;
        report_failure(s, r);
        if (!s->dir_mode && r->rendered) go_on = write_record(s, r);
        if (s->opt->fail_fast) go_on = false;
    } else {
        bool skip = false;
        const char *first = NULL;
        int stored = r->sha256[0] ? strmap_insert(&s->digests, r->sha256, r->job.path, &first) : 1;
        if (stored < 0) {
            report_output_error(s, "memory", "out of memory");
            go_on = false;
        } else if (stored == 0) {
            s->duplicates++;
            progress_clear(&s->prog);
            cli_warning("%s: same content as %s%s", r->job.path, first,
                        s->opt->dedupe ? " (not emitted again: --dedupe)" : "");
            skip = s->opt->dedupe;
        }
        if (go_on) {
            s->ok++;
            if (!skip) {
                s->issues += r->issues;   /* the summary counts the issues written */
                go_on = s->dir_mode ? write_dir_record(s, r) : write_record(s, r);
            }
        }
    }
    progress_update(&s->prog, s->files, s->bytes, s->failed, false);
    cli_result_clear(r);
    return go_on && !s->output_failed;
}

bool sink_close(sink *s, bool commit)
{
    /* what is queued goes out as a stdio buffer would have been flushed: always on stdout, on
     * a file only when it is committed (an aborted one is removed anyway) */
    if (s->stream && s->n_pending) {
        if (s->stream == stdout || commit) flush_pending(s);
        else drop_pending(s);
    }
    bool ok = !s->output_failed;
    if (s->stream && s->stream != stdout) {
        if (commit && ok) {
            char why[512];
            if (!atomic_commit(&s->file, why, sizeof why)) {
                report_output_error(s, s->stream_name, why);
                ok = false;
            }
        } else {
            atomic_abort(&s->file);
        }
    } else if (s->dir_mode) {
        /* per-file fsyncs would serialize the batch on the disk: one flush of the whole batch */
        char why[512];
        if (ok && s->ok && !sync_file_system(s->opt->output, why, sizeof why)) {
            report_output_error(s, s->opt->output, why);
            ok = false;
        }
    } else if (s->stream == stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            if (ok) {
                char why[256];
                snprintf(why, sizeof why, "write failed: %s", strerror(errno ? errno : EIO));
                report_output_error(s, s->stream_name, why);
            }
            ok = false;
        }
    }
    s->stream = NULL;
    strmap_free(&s->digests);
    free(s->last_dir);
    s->last_dir = NULL;
    return ok;
}

void sink_summary(sink *s)
{
    progress_update(&s->prog, s->files, s->bytes, s->failed, true);
    progress_clear(&s->prog);
    if (s->opt->quiet) return;
    double secs = progress_now() - s->prog.start;
    double mb = (double)s->bytes / 1e6;
    char extra[128] = "";
    size_t n = 0;
    if (s->duplicates)
        n += (size_t)snprintf(extra + n, sizeof extra - n, ", %zu duplicate%s", s->duplicates,
                              s->duplicates == 1 ? "" : "s");
    if (s->skipped && n < sizeof extra)
        snprintf(extra + n, sizeof extra - n, ", %zu skipped (--resume)", s->skipped);
    fprintf(stderr, "zhenggai: %zu file%s, %zu issue%s, %zu error%s%s; %.2f MB in %.2f s (%.1f MB/s)\n",
            s->files, s->files == 1 ? "" : "s", s->issues, s->issues == 1 ? "" : "s", s->failed,
            s->failed == 1 ? "" : "s", extra, mb, secs, secs > 0 ? mb / secs : 0.0);
}
