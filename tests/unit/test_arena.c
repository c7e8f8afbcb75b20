/*
 * The document arena: zg_arena_alloc memory is zeroed even where raw allocations dirtied the
 * heap before, every allocation is 16-byte aligned, zg_arena_alloc_raw hands out distinct
 * memory, and the string helpers copy exactly (printf below and above its stack buffer).
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "check.h"

static void test_zeroed_after_dirty(void)
{
    zg_arena a;
    zg_arena_init(&a);
    for (int round = 0; round < 3; round++) {
        unsigned char *raw = zg_arena_alloc_raw(&a, 40000);
        CHECK(raw != NULL);
        if (raw) memset(raw, 0xFF, 40000);
        unsigned char *more = zg_arena_alloc_raw(&a, 100000);   /* a chunk of its own */
        CHECK(more != NULL);
        if (more) memset(more, 0xAB, 100000);
        zg_arena_release(&a);
        /* the heap now holds dirty blocks of these sizes: zeroed memory must still be zero */
        unsigned char *z = zg_arena_alloc(&a, 100000);
        CHECK(z != NULL);
        size_t nonzero = 0;
        for (size_t i = 0; z && i < 100000; i++) nonzero += z[i] != 0;
        CHECK_INT(nonzero, 0);
        unsigned char *small = zg_arena_alloc(&a, 24);
        CHECK(small != NULL);
        for (size_t i = 0; small && i < 24; i++) nonzero += small[i] != 0;
        CHECK_INT(nonzero, 0);
        zg_arena_release(&a);
    }
}

static void test_alignment_and_distinct(void)
{
    zg_arena a;
    zg_arena_init(&a);
    unsigned char *prev = NULL;
    size_t prev_size = 0;
    for (size_t size = 0; size < 300; size += 7) {
        unsigned char *p = (size % 2) ? zg_arena_alloc_raw(&a, size) : zg_arena_alloc(&a, size);
        CHECK(p != NULL);
        CHECK_INT((uintptr_t)p % 16, 0);
        if (p && prev) CHECK(p >= prev + prev_size || p + size <= prev);
        if (p) memset(p, 0x5A, size);   /* must not reach the previous block */
        if (prev && prev_size) CHECK(prev[prev_size - 1] == 0x5A);
        prev = p;
        prev_size = size;
    }
    CHECK(zg_arena_alloc(&a, SIZE_MAX) == NULL);
    CHECK(zg_arena_alloc_raw(&a, SIZE_MAX) == NULL);
    zg_arena_release(&a);
}

static void test_strings(void)
{
    zg_arena a;
    zg_arena_init(&a);
    CHECK_STR(zg_arena_strndup(&a, "整改进度abc", 12), "整改进度");
    char *empty = zg_arena_strndup(&a, "x", 0);
    CHECK(empty != NULL && empty[0] == '\0');
    CHECK_STR(zg_arena_strdup(&a, "报告"), "报告");
    CHECK(zg_arena_strdup(&a, NULL) == NULL);
    CHECK_STR(zg_arena_printf(&a, "issue %d of %s", 3, "十二"), "issue 3 of 十二");
    CHECK_STR(zg_arena_printf(&a, "%s", ""), "");
    /* longer than the stack buffer (255 bytes): formatted a second time into the arena */
    char want[1001];
    memset(want, 'q', 1000);
    want[1000] = '\0';
    char *big = zg_arena_printf(&a, "%s", want);
    CHECK_STR(big, want);
    char edge[256];
    memset(edge, 'e', 255);
    edge[255] = '\0';
    CHECK_STR(zg_arena_printf(&a, "%s", edge), edge);          /* 255: fits */
    CHECK_STR(zg_arena_printf(&a, "%s!", edge), strcat(memcpy(want, edge, 256), "!")); /* 256 */
    zg_arena_release(&a);
}

int main(void)
{
    test_zeroed_after_dirty();
    test_alignment_and_distinct();
    test_strings();
    CHECK_DONE();
}
