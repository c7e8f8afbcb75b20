/*
 * Benchmark baselines for tools/bench, over the same bytes zhenggai reads. Reads file names (one
 * per line) from stdin and times, in CPU time of the process (robust on a shared machine):
 *   reading  every file opened, sized, read whole and closed, the way zg_read_file does it: what
 *            reading costs in-process, without the process start of `cat`;
 *   markers  one PCRE2 JIT pass of the heading markers over the loaded bytes.
 * Prints "bytes=N files=N matches=N read_seconds=S seconds=S mb_per_s=R" (seconds: markers).
 * A deliberately small pattern: it bounds what a single-regex scan costs, not what extraction does.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    b->data = fstat(fd, &st) == 0 ? malloc((size_t)st.st_size + 1) : NULL;
    ssize_t got = b->data ? read(fd, b->data, (size_t)st.st_size + 1) : -1;
    close(fd);
    b->len = got > 0 ? (size_t)got : 0;
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
    char **names = NULL;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0]) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            files = realloc(files, cap * sizeof *files);
            names = realloc(names, cap * sizeof *names);
            if (!files || !names) return 1;
        }
        if (load(line, &files[n]) == 0 && (names[n] = strdup(line)) != NULL) total += files[n++].len;
    }

    /* Reading timed on its own, second pass on a warm cache, one buffer reused as malloc/free
       per file would: the loading pass above also pays the first touch of every kept page. */
    double r0 = now();
    for (size_t i = 0; i < n; i++) {
        blob again;
        if (load(names[i], &again) == 0) free(again.data);
    }
    double read_seconds = now() - r0;

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
    printf("bytes=%zu files=%zu matches=%zu read_seconds=%.4f seconds=%.4f mb_per_s=%.1f\n", total, n,
           matches, read_seconds, secs,
           secs > 0 ? (double)total / 1e6 / secs : 0.0);
    for (size_t i = 0; i < n; i++) {
        free(files[i].data);
        free(names[i]);
    }
    free(files);
    free(names);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return 0;
}
