/*
 * zg_extract_file reads its input itself (open/fstat/read, api.c): the document must be the one
 * zg_extract makes of the same bytes, for a regular file, an empty one, one larger than the first
 * buffer guess and a FIFO (no size known in advance); and the failures keep their statuses and
 * messages (missing file, directory, over the size limit). zg_extract_regular_file (a path known
 * to name a regular file, read into a buffer kept from call to call, no fstat) must give the same
 * documents and the same failures, whatever the buffer held before.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "stages.h"

static zg_scanner *sc;
static char tmpdir[256];
/* zg_extract_regular_file's buffer, kept across the whole test as a batch worker keeps it */
static unsigned char *kept;
static size_t kept_cap;

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    CHECK(fwrite(data, 1, len, f) == len);
    fclose(f);
}

/* `doc` (read from a file) is the document `mem` (made from the same bytes in memory) */
static void same_document(const zg_document *doc, const zg_document *mem, size_t len)
{
    if (!doc || !mem) return;
    CHECK_INT(doc->src_bytes, len);
    CHECK_STR(zg_document_sha256(doc), zg_document_sha256(mem));
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    CHECK_INT(zg_render(doc, ZG_FORMAT_JSONL, ZG_RENDER_WITH_TEXT, &a, &na), ZG_OK);
    CHECK_INT(zg_render(mem, ZG_FORMAT_JSONL, ZG_RENDER_WITH_TEXT, &b, &nb), ZG_OK);
    CHECK(a && b && na == nb && memcmp(a, b, na) == 0);
    zg_string_free(a);
    zg_string_free(b);
}

/* the records of zg_extract_file(path) and zg_extract_regular_file(path) equal the record of
 * zg_extract(bytes) */
static void same_as_memory(const char *path, const char *bytes, size_t len)
{
    zg_input_options io;
    memset(&io, 0, sizeof io);
    io.path = path;
    zg_document *from_file = NULL, *from_memory = NULL, *from_kept = NULL;
    zg_error err;
    CHECK_INT(zg_extract_file(sc, path, NULL, &from_file, &err), ZG_OK);
    CHECK_INT(zg_extract(sc, (const unsigned char *)bytes, len, &io, &from_memory, &err), ZG_OK);
    CHECK_INT(zg_extract_regular_file(sc, path, NULL, &kept, &kept_cap, &from_kept, &err), ZG_OK);
    CHECK(kept_cap > len); /* the content and its NUL */
    same_document(from_kept, from_memory, len);
    same_document(from_file, from_memory, len);
    zg_document_free(from_kept);
    zg_document_free(from_file);
    zg_document_free(from_memory);
}

static char *notice_text(size_t min_len, size_t *len)
{
    static const char line[] = "一、整改工作基本情况\n市委第二巡察组于2023年11月6日至2024年1月5日进行了巡察。\n";
    size_t n = 0, cap = min_len + sizeof line;
    char *s = malloc(cap + 1);
    while (n < min_len) {
        memcpy(s + n, line, sizeof line - 1);
        n += sizeof line - 1;
    }
    s[n] = '\0';
    *len = n;
    return s;
}

static void test_regular_files(void)
{
    char path[512];
    size_t len;
    char *text = notice_text(3000, &len);
    snprintf(path, sizeof path, "%s/small.txt", tmpdir);
    write_file(path, text, len);
    same_as_memory(path, text, len);
    free(text);

    /* larger than the 64 KiB buffer used when the size is unknown */
    text = notice_text(200000, &len);
    snprintf(path, sizeof path, "%s/large.txt", tmpdir);
    write_file(path, text, len);
    same_as_memory(path, text, len);
    /* around the kept buffer's first size (64 KiB: 65535 bytes and the NUL), read after the
     * large file (the buffer holds its bytes beyond), then a short one again */
    static const size_t sizes[] = { 65534, 65535, 65536, 65537, 131071, 131072, 10, 1 };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        snprintf(path, sizeof path, "%s/size%zu.txt", tmpdir, sizes[k]);
        write_file(path, text, sizes[k]);
        same_as_memory(path, text, sizes[k]);
    }
    free(text);

    snprintf(path, sizeof path, "%s/empty.txt", tmpdir);
    write_file(path, "", 0);
    zg_document *doc = NULL;
    zg_error err;
    zg_status st = zg_extract_file(sc, path, NULL, &doc, &err);
    zg_document *mem = NULL;
    zg_status st_mem = zg_extract(sc, (const unsigned char *)"", 0, NULL, &mem, &err);
    CHECK_INT(st, st_mem); /* whatever an empty input gives, a file gives the same */
    zg_document_free(doc);
    zg_document_free(mem);
    doc = NULL;
    CHECK_INT(zg_extract_regular_file(sc, path, NULL, &kept, &kept_cap, &doc, &err), st_mem);
    zg_document_free(doc);
}

/*
 * A FIFO has no size: the reader grows its buffer until the writer closes. Written in `pieces`
 * pieces with a pause between them, reads come back short before the end, as they may on FUSE
 * and some network file systems: the reader must read on until read(2) gives 0, not take the
 * first short read as the end of the file. `regular`: read by zg_extract_regular_file, else by
 * zg_extract_file.
 */
static void read_fifo(const char *name, size_t min_len, int pieces, bool regular)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    if (mkfifo(path, 0600) != 0) {
        printf("no FIFO support here, %s skipped\n", name);
        return;
    }
    size_t len;
    char *text = notice_text(min_len, &len);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(path, O_WRONLY);
        size_t done = 0, piece = len / (size_t)pieces + 1;
        while (fd >= 0 && done < len) {
            size_t n = len - done < piece ? len - done : piece;
            ssize_t w = write(fd, text + done, n);
            if (w <= 0) break;
            done += (size_t)w;
            if (pieces > 1) usleep(20000); /* the reader waits, with what it has so far */
        }
        if (fd >= 0) close(fd);
        free(text);
        _exit(done == len ? 0 : 1);
    }
    CHECK(pid > 0);
    zg_document *doc = NULL;
    zg_error err;
    zg_status st = regular ? zg_extract_regular_file(sc, path, NULL, &kept, &kept_cap, &doc, &err)
                           : zg_extract_file(sc, path, NULL, &doc, &err);
    CHECK_INT(st, ZG_OK);
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (doc) {
        CHECK_INT(doc->src_bytes, len);
        zg_document *mem = NULL;
        CHECK_INT(zg_extract(sc, (const unsigned char *)text, len, NULL, &mem, &err), ZG_OK);
        if (mem) CHECK_STR(zg_document_sha256(doc), zg_document_sha256(mem));
        zg_document_free(mem);
    }
    zg_document_free(doc);
    free(text);
    unlink(path);
}

static void test_fifo(void)
{
    read_fifo("fifo.txt", 150000, 1, false);
    read_fifo("pieces.txt", 20000, 4, false);
    read_fifo("pieces-kept.txt", 20000, 4, true); /* (a first-short-read-ends-it reader: 5022 of 20088 bytes) */
}

static void test_failures(void)
{
    char path[512];
    zg_document *doc = (zg_document *)1;
    zg_error err;

    snprintf(path, sizeof path, "%s/missing.txt", tmpdir);
    CHECK_INT(zg_extract_file(sc, path, NULL, &doc, &err), ZG_ERR_IO);
    CHECK(doc == NULL);
    CHECK_INT(err.status, ZG_ERR_IO);
    CHECK(strncmp(err.message, "cannot open: ", 13) == 0);
    CHECK_STR(err.file, path);

    CHECK_INT(zg_extract_file(sc, tmpdir, NULL, &doc, &err), ZG_ERR_IO);
    CHECK_STR(err.message, "is a directory");

    /* the same failures through zg_extract_regular_file */
    zg_error err2;
    snprintf(path, sizeof path, "%s/missing.txt", tmpdir);
    doc = (zg_document *)1;
    CHECK_INT(zg_extract_regular_file(sc, path, NULL, &kept, &kept_cap, &doc, &err2), ZG_ERR_IO);
    CHECK(doc == NULL);
    CHECK_INT(err2.status, ZG_ERR_IO);
    CHECK(strncmp(err2.message, "cannot open: ", 13) == 0);
    CHECK_STR(err2.file, path);
    CHECK_INT(zg_extract_regular_file(sc, tmpdir, NULL, &kept, &kept_cap, &doc, &err2), ZG_ERR_IO);
    CHECK_STR(err2.message, "is a directory");
    CHECK_STR(err2.file, tmpdir);
    CHECK_INT(zg_extract_regular_file(sc, path, NULL, NULL, &kept_cap, &doc, &err2), ZG_ERR_ARG);

    /* over the limit: a scanner whose limit is below the file's size */
    zg_limits limits;
    memset(&limits, 0, sizeof limits);
    limits.max_input_bytes = 100;
    zg_scanner *small = NULL;
    CHECK_INT(zg_scanner_create(zg_scanner_rules(sc), &limits, &small), ZG_OK);
    size_t len;
    char *text = notice_text(500, &len);
    snprintf(path, sizeof path, "%s/big.txt", tmpdir);
    write_file(path, text, len);
    CHECK_INT(zg_extract_file(small, path, NULL, &doc, &err), ZG_ERR_TOO_LARGE);
    CHECK_STR(err.message, "larger than the input limit of 100 bytes");
    CHECK_INT(zg_extract_regular_file(small, path, NULL, &kept, &kept_cap, &doc, &err2),
              ZG_ERR_TOO_LARGE);
    CHECK_STR(err2.message, "larger than the input limit of 100 bytes");
    CHECK(doc == NULL);
    /* a fresh buffer never grows past what the limit needs to be seen passed */
    unsigned char *fresh = NULL;
    size_t fresh_cap = 0;
    CHECK_INT(zg_extract_regular_file(small, path, NULL, &fresh, &fresh_cap, &doc, &err2),
              ZG_ERR_TOO_LARGE);
    CHECK(fresh_cap <= 102);
    free(fresh);
    /* exactly at the limit is fine */
    write_file(path, text, 100);
    CHECK_INT(zg_extract_file(small, path, NULL, &doc, &err), ZG_OK);
    zg_document_free(doc);
    doc = NULL;
    CHECK_INT(zg_extract_regular_file(small, path, NULL, &kept, &kept_cap, &doc, &err2), ZG_OK);
    if (doc) CHECK_INT(doc->src_bytes, 100);
    zg_document_free(doc);
    free(text);
    zg_scanner_free(small);
}

int main(void)
{
    if (!getenv("ZG_SOURCE_DIR")) SKIP("ZG_SOURCE_DIR not set");
    zg_rules *rules = NULL;
    if (fixture_open(&rules, &sc) != 0) return 1;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/zg_api_read_XXXXXX");
    if (!mkdtemp(tmpdir)) SKIP("cannot create a temporary directory");

    test_regular_files();
    test_fifo();
    test_failures();

    fixture_remove_tree(tmpdir);
    free(kept);
    zg_scanner_free(sc);
    zg_rules_free(rules);
    CHECK_DONE();
}
