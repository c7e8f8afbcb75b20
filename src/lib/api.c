/* The pipeline driver: load → normalize → segment → extract, one arena per document. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stages.h"
#include "util.h"

static void set_error(zg_error *err, zg_status st, const char *path, const char *msg)
{
    if (!err) return;
    err->status = st;
    err->line = err->column = 0;
    snprintf(err->file, sizeof err->file, "%s", path ? path : "");
    snprintf(err->message, sizeof err->message, "%s", msg ? msg : zg_status_message(st));
}

zg_status zg_extract(zg_scanner *sc, const unsigned char *bytes, size_t len,
                     const zg_input_options *opts, zg_document **out, zg_error *err)
{
    static const zg_input_options no_opts;
    if (!opts) opts = &no_opts;
    if (out) *out = NULL;
    if (err) memset(err, 0, sizeof *err);
    if (!sc || !out || (!bytes && len)) {
        set_error(err, ZG_ERR_ARG, opts->path, "missing scanner, input or output argument");
        return ZG_ERR_ARG;
    }
    zg_document *doc = calloc(1, sizeof *doc);
    if (!doc) {
        set_error(err, ZG_ERR_NOMEM, opts->path, NULL);
        return ZG_ERR_NOMEM;
    }
    zg_arena_init(&doc->arena);
    zg_scanner_bind(sc, doc);

    zg_error local;
    memset(&local, 0, sizeof local);
    zg_status st = zg_load(doc, bytes, len, opts, zg_scanner_limits(sc), &local);
    if (st == ZG_OK) st = zg_normalize(doc, &local);
    if (st == ZG_OK) st = zg_segment(doc, sc, &local);
    if (st == ZG_OK) st = zg_extract_record(doc, sc, &local);
    zg_scanner_bind(sc, NULL);
    if (st != ZG_OK) {
        if (local.status == ZG_OK) set_error(&local, st, opts->path, NULL);
        local.status = st;
        if (!local.file[0] && opts->path) snprintf(local.file, sizeof local.file, "%s", opts->path);
        if (err) *err = local;
        zg_document_free(doc);
        return st;
    }
    *out = doc;
    return ZG_OK;
}

/*
 * zg_read_file's contract and messages, with one open, one fstat and (for a regular file) one
 * buffer of the file's size: no stdio stream and its buffer, no 128 KiB first allocation. The
 * size is a hint only: a file that grows or shrinks meanwhile is read to its end all the same.
 */
static zg_status read_input(const char *path, size_t max, unsigned char **data, size_t *len,
                            char *why, size_t why_len)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_len, "cannot open: %s", strerror(errno));
        return ZG_ERR_IO;
    }
    struct stat st;
    bool sized = false;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            close(fd);
            snprintf(why, why_len, "is a directory");
            return ZG_ERR_IO;
        }
        sized = S_ISREG(st.st_mode) && st.st_size > 0;
    }
    if (sized && max && (unsigned long long)st.st_size > max) {
        close(fd);
        snprintf(why, why_len, "larger than the input limit of %zu bytes", max);
        return ZG_ERR_TOO_LARGE;
    }
    /* room for the content, the read that sees the end, and the NUL */
    size_t cap = sized && (unsigned long long)st.st_size < SIZE_MAX / 4 ? (size_t)st.st_size + 2
                                                                         : 65536;
    size_t n = 0;
    unsigned char *buf = malloc(cap);
    zg_status status = ZG_OK;
    while (buf) {
        if (n + 1 >= cap) {
            unsigned char *nb = cap < SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0) {
            if (errno == EINTR) continue;
            snprintf(why, why_len, "read error: %s", strerror(errno));
            status = ZG_ERR_IO;
            break;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (max && n > max) {
            snprintf(why, why_len, "larger than the input limit of %zu bytes", max);
            status = ZG_ERR_TOO_LARGE;
            break;
        }
    }
    close(fd);
    if (!buf) {
        snprintf(why, why_len, "out of memory");
        return ZG_ERR_NOMEM;
    }
    if (status != ZG_OK) {
        free(buf);
        return status;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return ZG_OK;
}

zg_status zg_extract_file(zg_scanner *sc, const char *path, const zg_input_options *opts,
                          zg_document **out, zg_error *err)
{
    zg_input_options o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (!o.path) o.path = path;
    if (out) *out = NULL;
    if (!path) {
        set_error(err, ZG_ERR_ARG, NULL, "no path given");
        return ZG_ERR_ARG;
    }
    size_t max = zg_scanner_limits(sc)->max_input_bytes;
    unsigned char *data = NULL;
    size_t len = 0;
    char why[256];
    zg_status st = read_input(path, max, &data, &len, why, sizeof why);
    if (st != ZG_OK) {
        set_error(err, st, path, why);
        return st;
    }
    st = zg_extract(sc, data, len, &o, out, err);
    free(data);
    return st;
}

void zg_document_free(zg_document *doc)
{
    if (!doc) return;
    zg_arena_release(&doc->arena);
    free(doc);
}

size_t zg_document_issue_count(const zg_document *doc) { return doc ? doc->n_issues : 0; }
size_t zg_document_diagnostic_count(const zg_document *doc) { return doc ? doc->n_diagnostics : 0; }
const char *zg_document_sha256(const zg_document *doc) { return doc ? doc->sha256 : ""; }

void zg_string_free(char *s) { free(s); }
