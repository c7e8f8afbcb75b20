/* File reading, UTF-8 stepping, growable buffers, hashing (OpenSSL libcrypto). */
/* SHA256_Init & co.: deprecated since OpenSSL 3.0 but still there; see zg_sha256_hex */
#define OPENSSL_API_COMPAT 0x10101000L
#include "util.h"

#include <errno.h>
#include <libxml/parser.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The room a kept read buffer starts with: a notice is a few KB, a long one tens. */
enum { READ_BUF_FIRST = 64 * 1024 };

/*
 * Read fd to its end into *buf (*cap bytes, grown with realloc from `first` bytes when it is
 * smaller; the caller's to free), NUL-terminated, *n bytes without the NUL. `size` is the file's
 * size from fstat, 0 if unknown: a read short of the room that reaches it is the end, with no
 * read just to see the end. Otherwise a short read is not taken as the end: on FUSE and some
 * network file systems it need not be, and a notice cut short would be converted silently.
 */
static zg_status read_to_end(int fd, size_t max, size_t size, size_t first, unsigned char **buf,
                             size_t *cap, size_t *n, char *why, size_t why_len)
{
    *n = 0;
    for (;;) {
        /* room for at least one byte and the NUL; never more than the limit needs to see that
         * it is passed (max + 1 bytes and the NUL) */
        if (*n + 1 >= *cap) {
            size_t ncap = *cap < first ? first : *cap < SIZE_MAX / 2 ? *cap * 2 : SIZE_MAX;
            if (max && max < SIZE_MAX - 2 && ncap > max + 2) ncap = max + 2;
            unsigned char *nb = ncap > *cap ? realloc(*buf, ncap) : NULL;
            if (!nb) {
                snprintf(why, why_len, "out of memory");
                return ZG_ERR_NOMEM;
            }
            *buf = nb;
            *cap = ncap;
        }
        size_t want = *cap - *n - 1;
        ssize_t got = read(fd, *buf + *n, want);
        if (got < 0) {
            if (errno == EINTR) continue;
            /* (a path listed as a file and replaced by a directory since) */
            if (errno == EISDIR) snprintf(why, why_len, "is a directory");
            else snprintf(why, why_len, "read error: %s", strerror(errno));
            return ZG_ERR_IO;
        }
        if (got == 0) break;
        *n += (size_t)got;
        if (max && *n > max) {
            snprintf(why, why_len, "larger than the input limit of %zu bytes", max);
            return ZG_ERR_TOO_LARGE;
        }
        if (size && (size_t)got < want && *n >= size) break;
    }
    (*buf)[*n] = '\0';
    return ZG_OK;
}

/*
 * One open, one fstat and (for a regular file) one buffer of the file's size: no stdio stream
 * and its buffer, no 128 KiB first allocation. The size is a hint only: a file that grows or
 * shrinks meanwhile is read to its end all the same.
 */
zg_status zg_read_file(const char *path, size_t max, unsigned char **data, size_t *len,
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
    size_t size = 0;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            close(fd);
            snprintf(why, why_len, "is a directory");
            return ZG_ERR_IO;
        }
        if (S_ISREG(st.st_mode) && st.st_size > 0 && (unsigned long long)st.st_size < SIZE_MAX / 4)
            size = (size_t)st.st_size;
    }
    if (size && max && size > max) {
        close(fd);
        snprintf(why, why_len, "larger than the input limit of %zu bytes", max);
        return ZG_ERR_TOO_LARGE;
    }
    /* room for the content, the read that sees the end, and the NUL */
    unsigned char *buf = NULL;
    size_t cap = 0;
    zg_status status = read_to_end(fd, max, size, size ? size + 2 : READ_BUF_FIRST, &buf, &cap,
                                   len, why, why_len);
    close(fd);
    if (status != ZG_OK) {
        free(buf);
        *len = 0;
        return status;
    }
    *data = buf;
    return ZG_OK;
}

zg_status zg_read_regular_file(const char *path, size_t max, unsigned char **buf, size_t *cap,
                               size_t *len, char *why, size_t why_len)
{
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_len, "cannot open: %s", strerror(errno));
        return ZG_ERR_IO;
    }
    zg_status status = read_to_end(fd, max, 0, READ_BUF_FIRST, buf, cap, len, why, why_len);
    close(fd);
    if (status != ZG_OK) *len = 0;
    return status;
}

uint32_t zg_utf8_next_slow(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = *i;
    uint32_t c = u[k];
    int extra;
    uint32_t min;
    if (c < 0x80) { *i = k + 1; return c; }
    if ((c & 0xE0) == 0xC0) { extra = 1; c &= 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { extra = 2; c &= 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { extra = 3; c &= 0x07; min = 0x10000; }
    else { *i = k + 1; return 0xFFFD; }
    if (k + (size_t)extra >= n) { *i = k + 1; return 0xFFFD; }
    for (int j = 1; j <= extra; j++) {
        if ((u[k + j] & 0xC0) != 0x80) { *i = k + 1; return 0xFFFD; }
        c = (c << 6) | (u[k + j] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) { *i = k + 1; return 0xFFFD; }
    *i = k + 1 + (size_t)extra;
    return c;
}

size_t zg_utf8_prev(const char *s, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = i;
    int steps = 0;
    while (k > 0 && steps < 4) {
        k--;
        steps++;
        if ((u[k] & 0xC0) != 0x80) break;
    }
    return k;
}

size_t zg_utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { o[0] = (unsigned char)(0xC0 | (cp >> 6)); o[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool zg_buf_append_grow(zg_buf *b, const void *p, size_t n)
{
    if (b->failed) return false;
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap : 256;
        while (ncap < b->len + n + 1) ncap *= 2;
        char *nd = realloc(b->data, ncap);
        if (!nd) { b->failed = true; return false; }
        b->data = nd;
        b->cap = ncap;
    }
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool zg_buf_puts(zg_buf *b, const char *s) { return zg_buf_append(b, s, strlen(s)); }

bool zg_buf_printf(zg_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) { b->failed = true; return false; }
    if ((size_t)n < sizeof small) return zg_buf_append(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big) { b->failed = true; return false; }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bool ok = zg_buf_append(b, big, (size_t)n);
    free(big);
    return ok;
}

char *zg_buf_take(zg_buf *b, size_t *len)
{
    if (b->failed) { zg_buf_free(b); return NULL; }
    if (!b->data && !zg_buf_append(b, "", 0)) return NULL;
    char *d = b->data;
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void zg_buf_free(zg_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

void zg_sha256_hex(const unsigned char *data, size_t len, char out[65])
{
    /* The low-level interface: EVP_Digest(…, EVP_sha256(), …) fetches the algorithm from the
     * provider and allocates a context on every call, which cost more than hashing a notice. */
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256_CTX ctx;
    out[0] = '\0';
    if (!SHA256_Init(&ctx) || !SHA256_Update(&ctx, data, len) || !SHA256_Final(md, &ctx)) return;
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init_once(void) { xmlInitParser(); }

void zg_xml_init(void) { pthread_once(&xml_once, xml_init_once); }
