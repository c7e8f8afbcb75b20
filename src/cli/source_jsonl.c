/*
 * The JSON Lines job source (filter mode, `--input-format jsonl`): each non-blank line of stdin is
 * {"path": "…", "content": "…"} — or "content_base64" for bytes in another encoding — with
 * optional "encoding" and "format" ("text", "html", "markdown"). A line that is not such a record
 * becomes a failed job, so the output keeps exactly one record per input record.
 *
 * cJSON's strings end at their first NUL, so a \u0000 escape (or a raw NUL byte) would cut a
 * value short without a word. A line that holds one is parsed again with every NUL spelt as a
 * control character the line does not hold, which is then turned back into NUL: each value keeps
 * its whole length, "content" reaches the library as the bytes it is (which tells text from
 * binary as for a file), and a NUL in "path", "encoding" or "format" fails the line.
 */
#define _GNU_SOURCE /* memmem */
#include "sources.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
static bool base64_decode(const char *s, size_t n, unsigned char **out, size_t *len)
{
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

/* The job fails with `what` (the first failure of a line is the one reported). */
static void fail(cli_job *job, zg_status st, size_t line_no, const char *what)
{
    if (job->pre_error.status != ZG_OK) return;
    job->pre_error.status = st;
    snprintf(job->pre_error.file, sizeof job->pre_error.file, "%s", job->path);
    /* the fallback name "<stdin>:N" already says which line */
    if (strncmp(job->path, "<stdin>:", 8) == 0)
        snprintf(job->pre_error.message, sizeof job->pre_error.message, "%s", what);
    else
        snprintf(job->pre_error.message, sizeof job->pre_error.message, "input line %zu: %s", line_no, what);
}

/* A string member's value and its length (which may hold NULs), or NULL. */
typedef struct jstring {
    char *s;
    size_t len;
} jstring;

/* The value of member `name` if it is a string; `nul` (0 when the line has no NUL) is the byte
 * that stands for NUL in the parsed line and is turned back into it here (so once per member). */
static jstring string_member(const cJSON *obj, const char *name, char nul)
{
    jstring v = { NULL, 0 };
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(m) || !m->valuestring) return v;
    v.s = m->valuestring;
    v.len = strlen(v.s);
    if (nul)
        for (char *p = memchr(v.s, nul, v.len); p; p = memchr(p + 1, nul, v.len - (size_t)(p + 1 - v.s)))
            *p = '\0';
    return v;
}

/* Positions of the \u0000 escapes in line[0..n): a "u0000" after an odd run of backslashes
 * (after an even one the backslashes are literal). Calls f for each, returns their number. */
static size_t nul_escapes(char *line, size_t n, void (*f)(char *at, char nul), char nul)
{
    size_t count = 0;
    for (char *p = line; (p = memmem(p, n - (size_t)(p - line), "u0000", 5)) != NULL; p += 5) {
        size_t slashes = 0;
        while (p - slashes > line && p[-1 - (ptrdiff_t)slashes] == '\\') slashes++;
        if (slashes % 2 == 0) continue;
        count++;
        if (f) f(p, nul);
    }
    return count;
}

static void respell_escape(char *at, char nul)
{
    static const char hex[] = "0123456789abcdef";
    at[3] = hex[(unsigned char)nul >> 4];
    at[4] = hex[(unsigned char)nul & 15];
}

/* A control character that line[0..n) holds neither raw nor as a \u00XX escape (either case of
 * the hex digits), to stand for NUL; 0 if the line holds every candidate. \b \t \n \f \r are not
 * candidates: their short escapes would have to be looked for too. */
static char free_control(const char *line, size_t n)
{
    static const char hex[] = "0123456789abcdef", HEX[] = "0123456789ABCDEF";
    for (unsigned c = 1; c < 0x20; c++) {
        if (c >= 8 && c <= 13 && c != 11) continue;
        char esc[2][6] = { { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] },
                           { '\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 15] } };
        if (!memchr(line, (int)c, n) && !memmem(line, n, esc[0], 6) && !memmem(line, n, esc[1], 6))
            return (char)c;
    }
    return 0;
}

/* One JSON value and nothing after it but white space: a line such as `{…} junk` or `{…}{…}` is
 * no record (cJSON stops at the end of the first value). text[n] must be NUL: cJSON checks the
 * terminator within the length it is given. */
static cJSON *parse_whole(const char *text, size_t n, bool *trailing)
{
    cJSON *v = cJSON_ParseWithLengthOpts(text, n + 1, NULL, 1);
    if (!v) { /* for the message only: is it JSON followed by something? */
        cJSON *first = cJSON_ParseWithLength(text, n);
        *trailing = first != NULL;
        cJSON_Delete(first);
    }
    return v;
}

/* Parse line[0..n) (line[n] is NUL). With a NUL in it (raw or escaped), a copy with every NUL as a free control
 * character is parsed instead and *nul says which (see the file comment); *no_room when the line
 * holds every candidate. NULL when it is not one JSON value (*trailing: one with more text after it) or no memory (*oom). */
static cJSON *parse_line(const char *line, size_t n, char *nul, bool *no_room, bool *trailing,
                         bool *oom)
{
    *nul = 0;
    *no_room = *trailing = *oom = false;
    /* line[n] is NUL: without a NUL before it, strstr (faster than memmem) rules escapes out */
    bool raw = memchr(line, 0, n) != NULL;
    if (!raw && (!strstr(line, "u0000") || !nul_escapes((char *)line, n, NULL, 0)))
        return parse_whole(line, n, trailing);
    char c = free_control(line, n);
    if (!c) {
        *no_room = true;
        return NULL;
    }
    char *copy = malloc(n + 1);
    if (!copy) {
        *oom = true;
        return NULL;
    }
    memcpy(copy, line, n);
    copy[n] = '\0';
    for (char *p = memchr(copy, 0, n); p; p = memchr(p + 1, 0, n - (size_t)(p + 1 - copy))) *p = c;
    nul_escapes(copy, n, respell_escape, c);
    cJSON *rec = parse_whole(copy, n, trailing);
    free(copy);
    *nul = c;
    return rec;
}

/* Copy a member's value that must be a C string to *dst; a NUL in it fails the job instead.
 * false only when out of memory. */
static bool take_name(cli_job *job, char **dst, const char *name, jstring v, size_t line_no)
{
    if (!v.s) return true;
    if (memchr(v.s, 0, v.len)) {
        char what[96];
        snprintf(what, sizeof what, "\"%s\" holds a NUL character (\\u0000)", name);
        fail(job, ZG_ERR_PARSE, line_no, what);
        return true;
    }
    *dst = dup_string(v.s);
    return *dst != NULL;
}

/* The longest line that can hold content within `max` bytes: JSON spells a byte in at most six
 * (\u00XX; base64 in 4/3), and 64 KiB more are left for the path and the other members. */
static size_t line_limit(size_t max)
{
    const size_t slack = 64 << 10;
    return max > (SIZE_MAX - slack) / 6 - 1 ? SIZE_MAX - 1 : 6 * max + slack;
}

/* Wait until the input has something to read (or its end): false when the batch stopped first
 * (src->stopped). Without this a stopped batch would wait for a pipe's writer to go on. */
static bool wait_for_input(jsonl_source *src)
{
    if (src->stop_fd < 0) return true;
    struct pollfd p[2] = { { .fd = fileno(src->in), .events = POLLIN },
                           { .fd = src->stop_fd, .events = POLLIN } };
    for (;;) {
        int n = poll(p, 2, -1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return true; /* read() will say what is wrong */
        /* input first: what is there is read as before (a file is always ready), so a stop
         * changes nothing but a wait */
        if (p[0].revents) return true;
        if (p[1].revents) {
            src->stopped = true;
            return false;
        }
    }
}

/* Read the next line (its '\n' included) into src->line, keeping at most `keep` bytes of it: the
 * rest of a longer line is read and dropped, so memory follows the size limit, not the line (which
 * getline would hold whole). Input comes in blocks by read(2), which returns what a pipe has (a
 * mapper's record is not held back until a block is full). *kept gets what was kept; returns the
 * line's whole length, 0 at the end of the input (or a read error), 0 with *oom out of memory. */
static size_t read_line(jsonl_source *src, size_t keep, size_t *kept, bool *oom)
{
    size_t n = 0, total = 0;
    *oom = false;
    for (;;) {
        if (src->block_pos == src->block_len) {
            if (!src->block && !(src->block = malloc(JSONL_BLOCK))) {
                *oom = true;
                return 0;
            }
            if (!wait_for_input(src)) break;
            ssize_t got = read(fileno(src->in), src->block, JSONL_BLOCK);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) src->read_error = true;
            src->block_pos = 0;
            src->block_len = got > 0 ? (size_t)got : 0;
            if (got <= 0) break;
        }
        const char *p = src->block + src->block_pos;
        size_t avail = src->block_len - src->block_pos;
        const char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) + 1 : avail;
        size_t store = n < keep ? (take < keep - n ? take : keep - n) : 0;
        if (store && n + store + 1 > src->line_cap) {
            size_t cap = src->line_cap * 2 > n + store + 1 ? src->line_cap * 2 : n + store + 1;
            if (cap > keep + 1) cap = keep + 1;
            char *grown = realloc(src->line, cap);
            if (!grown) {
                *oom = true;
                return 0;
            }
            src->line = grown;
            src->line_cap = cap;
        }
        memcpy(src->line + n, p, store);
        n += store;
        total += take;
        src->block_pos += take;
        if (nl) break;
    }
    if (src->stopped) n = total = 0; /* a line cut short by the stop is not a line */
    if (src->line) src->line[n] = '\0';
    *kept = n;
    return total;
}

int jsonl_source_next(void *ctx, cli_job *job)
{
    jsonl_source *src = ctx;
    for (;;) {
        size_t n, whole;
        bool oom;
        whole = read_line(src, line_limit(src->max_bytes), &n, &oom);
        if (oom) return -1;
        if (whole == 0) {
            free(src->line);
            free(src->block);
            src->line = src->block = NULL;
            src->line_cap = 0;
            src->at_end = !src->stopped;
            return 0;
        }
        src->line_no++;
        size_t i = 0;
        while (i < n && src->line[i] && strchr(" \t\r\n", src->line[i])) i++;
        if (i == n && whole == n) continue;

        memset(job, 0, sizeof *job);
        job->in_memory = true;
        job->size = whole;
        if (whole > n) {
            /* cut while read: no content within the limit is that long; its path is in the part
             * dropped as far as anyone knows, so it is named by its line */
            char fallback[64];
            snprintf(fallback, sizeof fallback, "<stdin>:%zu", src->line_no);
            job->path = dup_string(fallback);
            job->out_name = dup_string(fallback);
            if (!job->path || !job->out_name) {
                cli_job_clear(job);
                return -1;
            }
            char what[160];
            snprintf(what, sizeof what, "a line of %zu bytes cannot hold content within the size limit "
                     "(--max-input-bytes): not read", whole);
            fail(job, ZG_ERR_TOO_LARGE, src->line_no, what);
            return 1;
        }
        char nul;
        bool no_room, trailing;
        cJSON *rec = parse_line(src->line, n, &nul, &no_room, &trailing, &oom);
        if (oom) return -1;
        jstring path = rec ? string_member(rec, "path", nul) : (jstring){ NULL, 0 };
        bool path_nul = path.s && memchr(path.s, 0, path.len);
        char fallback[64];
        snprintf(fallback, sizeof fallback, "<stdin>:%zu", src->line_no);
        job->path = dup_string(path.s && !path_nul ? path.s : fallback);
        job->out_name = dup_string(fallback);
        if (!job->path || !job->out_name) {
            cJSON_Delete(rec);
            cli_job_clear(job);
            return -1;
        }
        if (!rec || !cJSON_IsObject(rec)) {
            fail(job, ZG_ERR_PARSE, src->line_no,
                 no_room ? "a NUL character (\\u0000) that cannot be read apart from the other "
                           "control characters of the line"
                 : trailing ? "more text after the JSON object (one record per line)"
                            : "not a JSON object");
            cJSON_Delete(rec);
            return 1;
        }
        if (path_nul) fail(job, ZG_ERR_PARSE, src->line_no, "\"path\" holds a NUL character (\\u0000)");
        jstring content = string_member(rec, "content", nul);
        jstring b64 = string_member(rec, "content_base64", nul);
        if (!take_name(job, &job->encoding, "encoding", string_member(rec, "encoding", nul), src->line_no) ||
            !take_name(job, &job->input_format, "format", string_member(rec, "format", nul), src->line_no)) {
            cJSON_Delete(rec);
            cli_job_clear(job);
            return -1;
        }
        if (content.s) {
            /* taken over, not copied (cJSON_Delete frees a valuestring only while it is set) */
            job->bytes = (unsigned char *)content.s;
            job->len = content.len;
            cJSON_GetObjectItemCaseSensitive(rec, "content")->valuestring = NULL;
        } else if (b64.s) {
            if (!base64_decode(b64.s, b64.len, &job->bytes, &job->len))
                fail(job, ZG_ERR_PARSE, src->line_no, "\"content_base64\" is not valid base64");
        } else {
            fail(job, ZG_ERR_PARSE, src->line_no, "no \"content\" or \"content_base64\" string");
        }
        cJSON_Delete(rec);
        if (src->max_bytes && job->len > src->max_bytes)
            fail(job, ZG_ERR_TOO_LARGE, src->line_no, "content exceeds the size limit (--max-input-bytes)");
        if (job->pre_error.status != ZG_OK) {
            free(job->bytes);
            job->bytes = NULL;
            job->len = 0;
        }
        return 1;
    }
}

bool jsonl_source_more(jsonl_source *src)
{
    if (src->stopped) return true; /* not read to its end: more may have come */
    if (src->at_end) return false;
    if (!src->block) return true;   /* nothing read yet */
    for (;;) {
        for (; src->block_pos < src->block_len; src->block_pos++)
            if (!src->block[src->block_pos] || !strchr(" \t\r\n", src->block[src->block_pos])) return true;
        /* only what is there now: a pipe's writer is not waited for to settle an exit code */
        struct pollfd p = { .fd = fileno(src->in), .events = POLLIN };
        if (poll(&p, 1, 0) <= 0) return true;
        ssize_t got = read(fileno(src->in), src->block, JSONL_BLOCK);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            src->at_end = true;
            return false;
        }
        src->block_pos = 0;
        src->block_len = (size_t)got;
    }
}
