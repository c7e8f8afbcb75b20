/* The pipeline driver: load → normalize → segment → extract, one arena per document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    if (st == ZG_OK) st = zg_text_tables(doc, sc, &local);
    if (st == ZG_OK) st = zg_reflow(doc, sc, &local);
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

/* zg_extract_file's options: the path named when opts do not name one */
static zg_input_options file_options(const char *path, const zg_input_options *opts)
{
    zg_input_options o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (!o.path) o.path = path;
    return o;
}

zg_status zg_extract_file(zg_scanner *sc, const char *path, const zg_input_options *opts,
                          zg_document **out, zg_error *err)
{
    zg_input_options o = file_options(path, opts);
    if (out) *out = NULL;
    if (!path) {
        set_error(err, ZG_ERR_ARG, NULL, "no path given");
        return ZG_ERR_ARG;
    }
    size_t max = zg_scanner_limits(sc)->max_input_bytes;
    unsigned char *data = NULL;
    size_t len = 0;
    char why[256];
    zg_status st = zg_read_file(path, max, &data, &len, why, sizeof why);
    if (st != ZG_OK) {
        set_error(err, st, path, why);
        return st;
    }
    st = zg_extract(sc, data, len, &o, out, err);
    free(data);
    return st;
}

zg_status zg_extract_regular_file(zg_scanner *sc, const char *path, const zg_input_options *opts,
                                  unsigned char **buf, size_t *cap, zg_document **out,
                                  zg_error *err)
{
    zg_input_options o = file_options(path, opts);
    if (out) *out = NULL;
    if (!path || !buf || !cap) {
        set_error(err, ZG_ERR_ARG, path, path ? "no read buffer given" : "no path given");
        return ZG_ERR_ARG;
    }
    size_t max = zg_scanner_limits(sc)->max_input_bytes;
    size_t len = 0;
    char why[256];
    zg_status st = zg_read_regular_file(path, max, buf, cap, &len, why, sizeof why);
    if (st != ZG_OK) {
        set_error(err, st, path, why);
        return st;
    }
    return zg_extract(sc, *buf, len, &o, out, err);
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
size_t zg_document_source_bytes(const zg_document *doc) { return doc ? doc->src_bytes : 0; }

void zg_string_free(char *s) { free(s); }
