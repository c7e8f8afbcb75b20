/*
 * Benchmark baseline for tools/bench: one PCRE2 JIT pass of the heading markers over the same
 * bytes zhenggai reads. Reads file names (one per line) from stdin, loads every file, then times
 * the matching alone (CPU time of the process, robust on a shared machine) and prints
 * "bytes=N files=N matches=N seconds=S mb_per_s=R".
 * A deliberately small pattern: it bounds what a single-regex scan costs, not what extraction does.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char marker_pattern[] =
    "(?m)^[\\s\\x{3000}]*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]"
    "|[0-9０-９]+[．.、]|第[一二三四五六七八九十]+部分)";

typedef struct blob {
    unsigned char *data;
    size_t len;
} blob;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int load(const char *path, blob *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b->data = malloc(n > 0 ? (size_t)n : 1);
    b->len = n > 0 && b->data ? fread(b->data, 1, (size_t)n, f) : 0;
    fclose(f);
    return b->data ? 0 : -1;
}

int main(void)
{
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)marker_pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &errcode, &erroff, NULL);
    if (!re) {
        fprintf(stderr, "bench_markers: pattern error at %zu\n", (size_t)erroff);
        return 1;
    }
    if (pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0) fprintf(stderr, "bench_markers: no JIT\n");
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);

    size_t n = 0, cap = 0, total = 0;
    blob *files = NULL;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0]) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            files = realloc(files, cap * sizeof *files);
            if (!files) return 1;
        }
        if (load(line, &files[n]) == 0) total += files[n++].len;
    }

    size_t matches = 0;
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
        PCRE2_SIZE off = 0;
        while (off <= files[i].len) {
            int rc = pcre2_jit_match(re, files[i].data, files[i].len, off, 0, md, NULL);
            if (rc < 0) break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            matches++;
            off = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
        }
    }
    double secs = now() - t0;
    printf("bytes=%zu files=%zu matches=%zu seconds=%.4f mb_per_s=%.1f\n", total, n, matches, secs,
           secs > 0 ? (double)total / 1e6 / secs : 0.0);
    for (size_t i = 0; i < n; i++) free(files[i].data);
    free(files);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return 0;
}
