/*
 * The scanner's per-document index (scanner.c, doc_index): a window start read off its list of
 * white space equals the character-by-character walk back it replaces, on text that mixes every
 * white-space character PCRE2's \s knows (ASCII, U+0085, U+00A0, U+1680, U+180E, U+2000-200A,
 * U+2028/2029, U+202F, U+205F, U+3000) with their non-white neighbours (U+200B, 、, ©, U+1681),
 * CJK, ASCII and 4-byte characters, for every pair of character boundaries and many bounds.
 * Every list of the index equals a character-by-character scan with the first-character table
 * (on that text, with triggers whose first characters are ASCII, 2-byte, CJK and white, led by
 * a class or by literals, and on text cut inside a character).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model.h"
#include "rules.h"
#include "scanner_index.h"

const doc_index *zg_scanner_doc_index(zg_scanner *sc);
const zg_set_plan *zg_rules_plan(const zg_rules *r, const zg_ruleset *set, size_t *set_index);
bool zg_scanner_window_starts(zg_scanner *sc, const char *subject, size_t lo, size_t t,
                              size_t within, size_t *walked, size_t *indexed);

static const char *const PIECES[] = {
    " ", "\t", "\n", "\r", "\v", "\f", "\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE1\xA0\x8E",
    "\xE2\x80\x80", "\xE2\x80\x85", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
    "\xE2\x81\x9F", "\xE3\x80\x80",
    /* not white space, though close to it */
    "\xE2\x80\x8B", "\xE3\x80\x81", "\xC2\xA9", "\xE1\x9A\x81", "\xE2\x81\xA0",
    "年", "整改", "a", "7", ":", "\xF0\x9F\x98\x80", "\xE4\xB8\x80"
};

/* The lists the index should hold for s[0, n), by a plain scan (scanner_index.h): per list, the
 * positions in order; returns the number of lists that differ from ix. */
static int compare_lists(const doc_index *ix, const uint16_t *mask, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    static uint32_t want[INDEX_LISTS][4096];
    uint32_t nw[INDEX_LISTS] = { 0 };
    for (size_t p = 0; p < n;) {
        uint32_t b = s[p], c;
        size_t len;
        if (b < 0x80) c = b, len = 1;
        else if (b >= 0xE0 && b < 0xF0 && p + 2 < n)
            c = (b & 0x0F) << 12 | (uint32_t)(s[p + 1] & 0x3F) << 6 | (s[p + 2] & 0x3F), len = 3;
        else if (b >= 0xC0 && b < 0xE0 && p + 1 < n) c = (b & 0x1F) << 6 | (s[p + 1] & 0x3F), len = 2;
        else c = UINT32_MAX, len = 1; /* beyond U+FFFF or cut: in every trigger list */
        unsigned bits = c == UINT32_MAX ? (1u << MARK_LISTS) - 1 : mask[c];
        if (c != UINT32_MAX && zg_is_pcre_white(c)) bits |= 1u << WHITE_LIST;
        for (int k = 0; k < INDEX_LISTS; k++)
            if (bits >> k & 1 && nw[k] < 4096) want[k][nw[k]++] = (uint32_t)p;
        p += len;
    }
    int differ = 0;
    for (int k = 0; k < INDEX_LISTS; k++)
        if (ix->n[k] != nw[k] || memcmp(ix->pos[k], want[k], nw[k] * sizeof want[k][0]) != 0)
            differ++;
    return differ;
}

static unsigned long lcg(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

int main(void)
{
    zg_rules *r = NULL;
    zg_error err;
    const char *rules = "set d near [年月] within 3\nx - \\d[年月]\n"
                        "set e near [\\d:a] within 3\nx - [\\d:a]\n"
                        "set f near [\\h] within 3\nx - [\\h]\\d\n"
                        "set g near [©\\x{2028}整\\x{3000}] within 3\nx - [©整]\n"
                        /* literals (rules_plan.c reads their first characters) */
                        "set h near 整改|:a|\\x{2028}\\x{2029} within 3\nx - 改\n";
    CHECK_INT(zg_rules_load_text("t.rules", rules, strlen(rules), &r, &err), ZG_OK);
    zg_scanner *sc = NULL;
    if (r) CHECK_INT(zg_scanner_create(r, NULL, &sc), ZG_OK);
    /* every trigger has a bit of its own (with JIT: the anchored twins are JIT code): 整, :
     * and U+2028 (in g's class too) are in two lists */
    const char *const SETS[] = { "d", "e", "f", "g", "h" };
    const char *nojit = getenv("ZHENGGAI_NO_JIT");
    bool jit = !(nojit && *nojit && nojit[0] != '0');
    uint16_t bits = 0;
    for (size_t i = 0; r && jit && i < sizeof SETS / sizeof SETS[0]; i++) {
        size_t si;
        const zg_set_plan *plan = zg_rules_plan(r, zg_rules_set(r, SETS[i]), &si);
        CHECK(plan && plan->trigger_bit && !(bits & plan->trigger_bit));
        if (plan) bits |= plan->trigger_bit;
    }
    if (!sc) {
        zg_rules_free(r);
        CHECK_DONE();
    }
    static const size_t WITHIN[] = { 0, 1, 2, 3, 4, 5, 6, 9, 12, 18, 45, 248 };
    unsigned long st = 2026;
    size_t compared = 0, differing = 0, lists_compared = 0;
    for (int round = 0; round < 40; round++) {
        char text[1200];
        size_t n = 0;
        /* runs of white space and runs without, so both the segments and the passes count */
        while (n < 900) {
            size_t k = lcg(&st) % (sizeof PIECES / sizeof PIECES[0]);
            size_t reps = 1 + lcg(&st) % (k < 18 ? 3 : 6);
            for (size_t j = 0; j < reps; j++) {
                size_t len = strlen(PIECES[k]);
                memcpy(text + n, PIECES[k], len);
                n += len;
            }
        }
        text[n] = '\0';
        zg_document doc;
        memset(&doc, 0, sizeof doc);
        doc.text = doc.norm = text;
        doc.text_len = doc.norm_len = n;
        zg_scanner_bind(sc, &doc);
        const doc_index *ix = zg_scanner_doc_index(sc);
        if (ix) {
            lists_compared++;
            CHECK_INT(compare_lists(ix, zg_rules_first_mask(r), text, n), 0);
        }
        size_t starts[1200], ns = 0;
        for (size_t p = 0; p <= n; p++)
            if (p == n || ((unsigned char)text[p] & 0xC0) != 0x80) starts[ns++] = p;
        for (size_t a = 0; a < ns; a += 1 + lcg(&st) % 5)
            for (size_t b = a; b < ns && b < a + 120; b++)
                for (size_t w = 0; w < sizeof WITHIN / sizeof WITHIN[0]; w++) {
                    size_t walked = 0, indexed = 0;
                    if (!zg_scanner_window_starts(sc, text, starts[a], starts[b], WITHIN[w],
                                                  &walked, &indexed))
                        continue;
                    compared++;
                    if (walked != indexed && differing++ < 5)
                        fprintf(stderr, "round %d [%zu, %zu) within %zu: walked %zu, indexed %zu\n",
                                round, starts[a], starts[b], WITHIN[w], walked, indexed);
                }
        /* the same text cut inside its last character */
        for (size_t cut = n; cut > 0 && cut > n - 4; cut--) {
            doc.norm_len = cut;
            zg_scanner_bind(sc, &doc);
            if ((ix = zg_scanner_doc_index(sc)) != NULL)
                CHECK_INT(compare_lists(ix, zg_rules_first_mask(r), text, cut), 0);
        }
        zg_scanner_bind(sc, NULL);
    }
    CHECK_INT(differing, 0);
    /* without JIT the index is not made (no first-character table): nothing to compare then */
    if (jit) {
        CHECK(compared > 100000);
        CHECK_INT(lists_compared, 40);
    }
    printf("%zu window starts compared\n", compared);
    zg_scanner_free(sc);
    zg_rules_free(r);
    CHECK_DONE();
}
