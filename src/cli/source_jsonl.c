/*
 * The JSON Lines job source (filter mode, `--input-format jsonl`): each non-blank line of stdin is
 * {"path": "…", "content": "…"} — or "content_base64" for bytes in another encoding — with
 * optional "encoding" and "format" ("text", "html", "markdown"). A line that is not such a record
 * becomes a failed job, so the output keeps exactly one record per input record.
 */
#include "sources.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static int base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/* Decode base64 (standard or URL alphabet, padding and whitespace ignored). false if invalid. */
static bool base64_decode(const char *s, unsigned char **out, size_t *len)
{
    size_t n = strlen(s);
    unsigned char *buf = malloc(n / 4 * 3 + 3);
    if (!buf) return false;
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        int v = base64_value(c);
        if (v < 0) {
            free(buf);
            return false;
        }
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[o++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    *out = buf;
    *len = o;
    return true;
}

static void fail(cli_job *job, zg_status st, size_t line_no, const char *what)
{
    job->pre_error.status = st;
    snprintf(job->pre_error.file, sizeof job->pre_error.file, "%s", job->path);
    /* the fallback name "<stdin>:N" already says which line */
    if (strncmp(job->path, "<stdin>:", 8) == 0)
        snprintf(job->pre_error.message, sizeof job->pre_error.message, "%s", what);
    else
        snprintf(job->pre_error.message, sizeof job->pre_error.message, "input line %zu: %s", line_no, what);
}

static const char *string_member(const cJSON *obj, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(m) ? m->valuestring : NULL;
}

int jsonl_source_next(void *ctx, cli_job *job)
{
    jsonl_source *src = ctx;
    for (;;) {
        errno = 0;
        ssize_t got = getline(&src->line, &src->line_cap, src->in);
        if (got < 0) {
            if (ferror(src->in)) src->read_error = true;
            free(src->line);
            src->line = NULL;
            src->line_cap = 0;
            return 0;
        }
        src->line_no++;
        size_t i = 0;
        while (src->line[i] == ' ' || src->line[i] == '\t' || src->line[i] == '\r' || src->line[i] == '\n') i++;
        if (src->line[i] == '\0') continue;

        memset(job, 0, sizeof *job);
        job->in_memory = true;
        job->size = (size_t)got;
        cJSON *rec = cJSON_ParseWithLength(src->line, (size_t)got);
        const char *path = rec ? string_member(rec, "path") : NULL;
        char fallback[64];
        snprintf(fallback, sizeof fallback, "<stdin>:%zu", src->line_no);
        job->path = dup_string(path ? path : fallback);
        job->out_name = dup_string(fallback);
        if (!job->path || !job->out_name) {
            cJSON_Delete(rec);
            cli_job_clear(job);
            return -1;
        }
        if (!rec || !cJSON_IsObject(rec)) {
            fail(job, ZG_ERR_PARSE, src->line_no, "not a JSON object");
            cJSON_Delete(rec);
            return 1;
        }
        const char *content = string_member(rec, "content");
        const char *b64 = string_member(rec, "content_base64");
        const char *encoding = string_member(rec, "encoding");
        const char *format = string_member(rec, "format");
        if (encoding) job->encoding = dup_string(encoding);
        if (format) job->input_format = dup_string(format);
        if (content) {
            job->len = strlen(content);
            job->bytes = (unsigned char *)dup_string(content);
            if (!job->bytes) {
                cJSON_Delete(rec);
                cli_job_clear(job);
                return -1;
            }
        } else if (b64) {
            if (!base64_decode(b64, &job->bytes, &job->len))
                fail(job, ZG_ERR_PARSE, src->line_no, "\"content_base64\" is not valid base64");
        } else {
            fail(job, ZG_ERR_PARSE, src->line_no, "no \"content\" or \"content_base64\" string");
        }
        cJSON_Delete(rec);
        if (job->pre_error.status == ZG_OK && src->max_bytes && job->len > src->max_bytes)
            fail(job, ZG_ERR_TOO_LARGE, src->line_no, "content exceeds the size limit (--max-input-bytes)");
        if (job->pre_error.status != ZG_OK) {
            free(job->bytes);
            job->bytes = NULL;
            job->len = 0;
        }
        return 1;
    }
}
