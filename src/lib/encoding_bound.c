/*
 * Upper bounds on how Chinese a candidate decoding can look, from the raw bytes (encoding.h).
 *
 * A candidate's quality is its frequent characters minus penalties, and each frequent character
 * comes out of one byte sequence of the input. Counting, at every byte, whether a sequence
 * starting there could give one (one byte, two bytes, or the first two bytes of a longer one)
 * over-counts but never under-counts, whatever the converter's alignment.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>

#include "encoding.h"

static const char *const bound_names[ZG_ENC_BOUND_COUNT] = { "BIG5", "Shift_JIS", "EUC-JP",
                                                             "EUC-KR" };

const char *zg_enc_icu_name(const char *canonical)
{
    if (strcmp(canonical, "BIG5") == 0) return "Big5";
    return canonical;
}

int zg_enc_bound_index(const char *canonical)
{
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++)
        if (strcmp(canonical, bound_names[k]) == 0) return k;
    return -1;
}

typedef struct probe_ctx {
    unsigned char *pair;       /* the table's pair flags */
    unsigned char prefix_bit;  /* set on the first two bytes of bad sequences of 3+ bytes */
} probe_ctx;

/* Bad sequences while probing write nothing; see build_one for the prefix mark. */
static void probe_callback(const void *context, UConverterToUnicodeArgs *args,
                           const char *code_units, int32_t length,
                           UConverterCallbackReason reason, UErrorCode *err)
{
    (void)args;
    if (reason > UCNV_IRREGULAR) return;
    const probe_ctx *ctx = context;
    if (length >= 3 && ctx->prefix_bit)
        ctx->pair[(unsigned char)code_units[0] << 8 | (unsigned char)code_units[1]] |=
            ctx->prefix_bit;
    *err = U_ZERO_ERROR;
}

/* cell flags beside the pair flags: probed, being probed, (fixed) a UTF-8 lead byte E4-E9 with
 * a continuation byte after it (the start of a frequent character perhaps), and probed but not
 * that (all a pass needs is the pair flags) */
enum { CELL_KNOWN = 0x100, CELL_WAITING = 0x200, CELL_UTF8 = 0x400, CELL_PLAIN = 0x800,
       LANE_CHUNK = 16384 };

/* A cell made known with pair flags `pair` (its UTF-8 mark kept). */
static uint16_t known_cell(unsigned cell, unsigned pair)
{
    return (uint16_t)((cell & CELL_UTF8) | CELL_KNOWN | (cell & CELL_UTF8 ? 0 : CELL_PLAIN) | pair);
}

/* Where pair `key` (first byte << 8 | second) sits in t->cell: the two bytes as one native
 * 16-bit load reads them from memory (slot_at), so a pass needs no byte swap. */
static inline unsigned cell_slot(unsigned key)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (key >> 8 | key << 8) & 0xFFFF;
#else
    return key;
#endif
}

/* The cell slot of the two bytes at p. */
static inline unsigned slot_at(const unsigned char *p)
{
#if defined(__BYTE_ORDER__)
    uint16_t w;
    memcpy(&w, p, 2);
    return w;
#else
    return (unsigned)p[0] << 8 | p[1];
#endif
}

/* Probe separator: '\n' is no byte of a multi-byte sequence in these charsets (a '\n' pair is
 * probed with '\r' after it). */
enum { SEP = 0x0A, SEP_ALT = 0x0D };

/* Convert buf[0..n) (probes of `stride` bytes; probe j sets entry keys[j] of `flags`, or entry
 * j without keys) with offsets; flag `bit` for every character that starts at a probe start
 * and is frequent (or is any character, with `any`). */
static bool probe(UConverter *cv, const char *buf, size_t n, size_t stride,
                  const uint16_t *keys, unsigned char *flags, unsigned char bit, bool any,
                  const zg_enc_common_map *common)
{
    size_t cap = n + 16;
    UChar *out = malloc(cap * sizeof *out);
    int32_t *offsets = malloc(cap * sizeof *offsets);
    bool ok = out && offsets;
    const char *src = buf;
    UChar *tgt = out;
    UErrorCode e = U_ZERO_ERROR;
    ucnv_reset(cv);
    if (ok) ucnv_toUnicode(cv, &tgt, out + cap, &src, buf + n, offsets, true, &e);
    ok = ok && U_SUCCESS(e);
    for (UChar *p = out; ok && p < tgt; p++) {
        int32_t at = offsets[p - out];
        if (at >= 0 && (size_t)at % stride == 0 && (any || zg_enc_is_common(common, *p))) {
            size_t j = (size_t)at / stride;
            flags[keys ? keys[j] : j] |= bit;
        }
    }
    free(out);
    free(offsets);
    return ok;
}

/* Open charset k's converter and probe its single bytes (every byte that is no lead byte,
 * "b\n"). */
static bool open_one(zg_enc_bound_tables *t, int k, const zg_enc_common_map *common)
{
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(zg_enc_icu_name(bound_names[k]), &e);
    if (U_FAILURE(e) || !cv) return false;
    t->cv[k] = cv;
    UBool starters[256];
    ucnv_getStarters(cv, starters, &e);
    t->max[k] = ucnv_getMaxCharSize(cv);
    if (U_FAILURE(e) || t->max[k] > 3) return false;
    char buf[512];
    uint16_t keys[256];
    size_t n = 0, j = 0;
    for (int c = 0; c < 256; c++) {
        t->starter[k][c] = starters[c] != 0;
        if (starters[c]) t->starter_any[c] = 1;
        if (starters[c] || c == SEP) continue;
        buf[n++] = (char)c;
        buf[n++] = SEP;
        keys[j++] = (uint16_t)c;
    }
    return probe(cv, buf, n, 2, keys, t->single, (unsigned char)(1u << (2 * k)), false, common);
}

void zg_enc_bound_init(zg_enc_bound_tables *t, const zg_enc_common_map *common)
{
    memset(t, 0, sizeof *t);
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++) t->usable[k] = open_one(t, k, common);
    for (unsigned f = 0; f < 256; f++)      /* per flag byte: what it adds to each lane */
        for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++)
            t->add[f] += (uint64_t)(((f >> (2 * k)) & 1) + ((f >> (2 * k + 1)) & 1)) << (16 * k);
    t->ascii_inert = true;
    for (int c = 0; c < 0x80; c++)
        if (t->single[c] || t->starter_any[c]) t->ascii_inert = false;
    t->pairs_only = t->ascii_inert;
    for (int c = 0x80; c < 256; c++)
        if (t->single[c]) t->pairs_only = false;
    /* pairs led by a byte that starts no sequence count nothing (probe_pairs skips them) */
    for (unsigned c = 0; c < 256; c++)
        if (!t->starter_any[c])
            for (unsigned x = 0; x < 256; x++) t->cell[cell_slot(c << 8 | x)] = known_cell(0, 0);
    for (unsigned c = 0xE4; c <= 0xE9; c++)
        for (unsigned x = 0x80; x <= 0xBF; x++) {
            unsigned at = cell_slot(c << 8 | x), cell = t->cell[at] | CELL_UTF8;
            t->cell[at] = cell & CELL_KNOWN ? known_cell(cell, cell & 0xFF) : cell;
        }
}

void zg_enc_bound_free(zg_enc_bound_tables *t)
{
    if (!t) return;
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++)
        if (t->cv[k]) ucnv_close(t->cv[k]);
    free(t);
}

/*
 * Probe the pairs keys[0..n) (not yet known) for charset k: "lt\n" for each pair whose first
 * byte is a lead byte. With 3-byte sequences, the pairs that gave no character are probed again
 * with a third byte ("lt\xA1\n"): a character, or a bad sequence of three bytes, there means
 * the pair starts 3-byte sequences, all of which the prefix flag then counts (ICU reports a
 * sequence cut after two bytes as its first byte only, so the separator alone cannot tell).
 * test_encoding checks every 3-byte sequence against the flags.
 */
static bool probe_pairs(zg_enc_bound_tables *t, int k, const zg_enc_common_map *common,
                        const uint16_t *keys, size_t n)
{
    UConverter *cv = t->cv[k];
    unsigned char bit = (unsigned char)(1u << (2 * k)), prefix = (unsigned char)(bit << 1);
    char *buf = malloc(n * 4 + 16);
    uint16_t *mine = malloc((n + 1) * sizeof *mine);
    unsigned char *decoded = calloc(n + 1, 1);
    probe_ctx ctx = { t->pair, 0 };
    UErrorCode e = U_ZERO_ERROR;
    ucnv_setToUCallBack(cv, probe_callback, &ctx, NULL, NULL, &e);
    bool ok = buf && mine && decoded && U_SUCCESS(e);
    size_t len = 0, j = 0;
    for (size_t i = 0; ok && i < n; i++) {
        if (!t->starter[k][keys[i] >> 8]) continue;
        mine[j++] = keys[i];
        buf[len++] = (char)(keys[i] >> 8);
        buf[len++] = (char)(keys[i] & 0xFF);
        buf[len++] = (keys[i] & 0xFF) == SEP ? SEP_ALT : SEP;
    }
    if (ok && j) ok = probe(cv, buf, len, 3, mine, t->pair, bit, false, common);
    if (ok && j && t->max[k] >= 3) {
        ok = probe(cv, buf, len, 3, NULL, decoded, 1, true, common);
        size_t m = 0, probes = j;
        j = 0;
        for (size_t i = 0; ok && i < probes; i++)   /* compacted in place (j <= i) */
            if (!decoded[i]) mine[j++] = mine[i];
        for (size_t i = 0; ok && i < j; i++) {
            buf[m++] = (char)(mine[i] >> 8);
            buf[m++] = (char)(mine[i] & 0xFF);
            buf[m++] = (char)0xA1;
            buf[m++] = (mine[i] & 0xFF) == SEP ? SEP_ALT : SEP;
        }
        ctx.prefix_bit = prefix;
        if (ok && j) ok = probe(cv, buf, m, 4, mine, t->pair, prefix, true, common);
    }
    free(buf);
    free(mine);
    free(decoded);
    return ok;
}

/* Probe keys[0..n) for every usable charset and mark them known; a charset whose probe fails
 * is no longer usable. */
static void probe_keys(zg_enc_bound_tables *t, const zg_enc_common_map *common,
                       const uint16_t *keys, size_t n)
{
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++)
        if (t->usable[k] && !probe_pairs(t, k, common, keys, n)) t->usable[k] = false;
    for (size_t i = 0; i < n; i++)
        t->cell[cell_slot(keys[i])] = known_cell(t->cell[cell_slot(keys[i])], t->pair[keys[i]]);
}

void zg_enc_bound_probe_all(zg_enc_bound_tables *t, const zg_enc_common_map *common)
{
    uint16_t *keys = malloc(65536 * sizeof *keys);
    if (!keys) return;
    size_t n = 0;
    for (unsigned key = 0; key < 65536; key++)
        if (!(t->cell[cell_slot(key)] & CELL_KNOWN)) keys[n++] = (uint16_t)key;
    probe_keys(t, common, keys, n);
    free(keys);
}

/* A frequent character as a well-formed UTF-8 sequence at b[i] (b[i] in E4..E9, i + 2 < m). */
static inline unsigned utf8_common_at(const zg_enc_common_map *common, const unsigned char *b,
                                      size_t i)
{
    if ((b[i + 1] & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80) return 0;
    unsigned cp = (b[i] & 0x0Fu) << 12 | (b[i + 1] & 0x3Fu) << 6 | (b[i + 2] & 0x3Fu);
    return zg_enc_is_common(common, cp);
}

/* The table key of the two bytes at p (p[0] << 8 | p[1]), from one 2-byte load. */
static inline unsigned pair_key(const unsigned char *p)
{
    uint16_t w;
    memcpy(&w, p, 2);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    w = __builtin_bswap16(w);
#elif !defined(__BYTE_ORDER__)
    w = (uint16_t)(p[0] << 8 | p[1]);
#endif
    return w;
}

/* Places a pass takes together. */
enum { GROUP = 8 };

/* The cells of the eight places at p (reading p[0..8]): their flags ANDed and ORed, and the
 * sum of their counts in 16-bit lanes. */
static inline void group_cells(const zg_enc_bound_tables *t, const unsigned char *p,
                               unsigned *all, unsigned *any, uint64_t *add)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* the places at even and at odd offsets from two 8-byte loads (slot_at of p + j is bits
     * 8j.. of a load at p) */
    uint64_t even, odd;
    memcpy(&even, p, 8);
    memcpy(&odd, p + 1, 8);
    for (int j = 0; j < 4; j++) {
        unsigned c0 = t->cell[(even >> (16 * j)) & 0xFFFF], c1 = t->cell[(odd >> (16 * j)) & 0xFFFF];
        *all &= c0 & c1;
        *any |= c0 | c1;
        *add += t->add[c0 & 0xFF] + t->add[c1 & 0xFF];
    }
#else
    for (int j = 0; j < GROUP; j++) {
        unsigned cell = t->cell[slot_at(p + j)];
        *all &= cell;
        *any |= cell;
        *add += t->add[cell & 0xFF];
    }
#endif
}

/* The unknown pairs met by one zg_enc_bounds pass: each occurrence (later), each pair once
 * (fresh, probed in batches). */
typedef struct unknown_pairs {
    uint16_t fresh[256];
    size_t n_fresh;
    uint16_t *later;
    size_t n_later, cap_later;
} unknown_pairs;

/* Note an occurrence of an unknown pair; false when out of memory. */
static bool note_unknown(zg_enc_bound_tables *t, const zg_enc_common_map *common,
                         unknown_pairs *u, unsigned key, unsigned cell)
{
    if (u->n_later == u->cap_later) {
        u->cap_later = u->cap_later ? u->cap_later * 2 : 64;
        uint16_t *grown = realloc(u->later, u->cap_later * sizeof *u->later);
        if (!grown) return false;
        u->later = grown;
    }
    u->later[u->n_later++] = (uint16_t)key;
    if (!(cell & CELL_WAITING)) {
        t->cell[cell_slot(key)] = (uint16_t)((cell & CELL_UTF8) | CELL_WAITING);
        if (u->n_fresh == sizeof u->fresh / sizeof u->fresh[0]) {
            probe_keys(t, common, u->fresh, u->n_fresh);
            u->n_fresh = 0;
        }
        u->fresh[u->n_fresh++] = (uint16_t)key;
    }
    return true;
}

/* Count the occurrences noted since the last settling (probing the fresh pairs first). */
static void settle_unknown(zg_enc_bound_tables *t, const zg_enc_common_map *common,
                           unknown_pairs *u, long sums[ZG_ENC_BOUND_COUNT])
{
    if (u->n_fresh) probe_keys(t, common, u->fresh, u->n_fresh);
    u->n_fresh = 0;
    for (size_t i = 0; i < u->n_later; i++)
        for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++)
            sums[k] += (long)((t->add[t->pair[u->later[i]]] >> (16 * k)) & 0xFFFF);
    u->n_later = 0;
}

/*
 * Whether every bound is below `below` with the bytes from `at` to m not counted but allowed
 * their most: a frequent character needs a byte sequence of its own (sequences of one decoding
 * do not overlap) inside b[0..m), of two bytes at least when no byte counts alone (UTF-8: three),
 * so those starting at or after `at` are at most (m - at) / 2, or m - at. Then *extra is that.
 * `pending`: what the noted pairs not probed yet can add at most (sums lacks them).
 */
static bool proven_below(const zg_enc_bound_tables *t, const long sums[ZG_ENC_BOUND_COUNT],
                         long utf8, long pending, size_t at, size_t m, long below, long *extra)
{
    long rest = (long)(t->pairs_only ? (m - at) / 2 : m - at);
    if (utf8 + rest >= below) return false;
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++)
        if (t->usable[k] && sums[k] + pending + rest >= below) return false;
    *extra = rest;
    return true;
}

/* Bytes between two proven_below checks (a multiple of GROUP). */
enum { CHECK_BYTES = 64 };

void zg_enc_bounds_below(zg_enc_bound_tables *t, const zg_enc_common_map *common,
                         const unsigned char *b, size_t m, long below,
                         long ub[ZG_ENC_BOUND_COUNT], long *utf8_ub)
{
    /* per-charset counts in the 16-bit lanes of one word (at most 3 per byte: emptied every
     * LANE_CHUNK bytes, or every CHECK_BYTES when checking); pairs not probed yet are
     * collected (each occurrence), probed together, then counted */
    long sums[ZG_ENC_BOUND_COUNT] = { 0 };
    long utf8 = 0, extra = 0;
    unknown_pairs u;
    u.n_fresh = u.n_later = u.cap_later = 0;
    u.later = NULL;
    bool complete = true;
    size_t chunk = below == LONG_MIN ? LANE_CHUNK : CHECK_BYTES;
    /* the common case (no byte counts alone, ASCII counts nowhere): below fast_end every byte
     * from 0x80 up has a pair and a UTF-8 sequence after it, and its pair alone counts (a
     * byte that starts no sequence has its pairs known as counting nothing) */
    size_t fast_end = t->pairs_only && m > 2 ? m - 2 : 0;
    for (size_t i = 0; complete && i < m;) {
        size_t end = m - i > chunk ? i + chunk : m;
        uint64_t acc = 0;
        for (size_t stop = end < fast_end ? end : fast_end; complete && i < stop;) {
            /* eight places at a time when all their pairs are known (an ASCII byte's pairs
             * are known as counting nothing): no branch per byte */
            size_t group_end = stop - i < GROUP ? stop : i + GROUP;
            if (group_end == i + GROUP) {
                unsigned all = ~0u, any = 0;
                uint64_t add = 0;
                group_cells(t, b + i, &all, &any, &add);
                if (all & CELL_KNOWN) {
                    acc += add;
                    if (any & CELL_UTF8)    /* a UTF-8 lead byte and a continuation byte */
                        for (size_t j = i; j < i + GROUP; j++)
                            if (t->cell[slot_at(b + j)] & CELL_UTF8)
                                utf8 += utf8_common_at(common, b, j);
                    i += GROUP;
                    continue;
                }
            }
            for (; i < group_end; i++) {
                if (b[i] < 0x80) continue;
                unsigned cell = t->cell[slot_at(b + i)];
                if (cell & CELL_PLAIN) {
                    acc += t->add[cell & 0xFF];
                    continue;
                }
                if (cell & CELL_UTF8) utf8 += utf8_common_at(common, b, i);
                if (cell & CELL_KNOWN) acc += t->add[cell & 0xFF];
                else if (!note_unknown(t, common, &u, pair_key(b + i), cell)) {
                    complete = false;
                    break;
                }
            }
        }
        for (; complete && i < end; i++) {
            unsigned c = b[i];
            if (c < 0x80 && t->ascii_inert) continue;
            if (c - 0xE4 <= 0xE9 - 0xE4 && i + 2 < m) utf8 += utf8_common_at(common, b, i);
            if (t->single[c]) acc += t->add[t->single[c]];
            if (!t->starter_any[c] || i + 1 >= m) continue;
            unsigned key = c << 8 | b[i + 1], cell = t->cell[cell_slot(key)];
            if (cell & CELL_KNOWN) acc += t->add[cell & 0xFF];
            else if (!note_unknown(t, common, &u, key, cell)) complete = false;
        }
        for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++) sums[k] += (long)((acc >> (16 * k)) & 0xFFFF);
        /* pairs still to probe count their most (2 per charset) until settled at the end */
        if (complete && i < m && below != LONG_MIN &&
            proven_below(t, sums, utf8, 2 * (long)u.n_later, i, m, below, &extra))
            break;
    }
    settle_unknown(t, common, &u, sums);
    free(u.later);
    for (int k = 0; k < ZG_ENC_BOUND_COUNT; k++)
        ub[k] = t->usable[k] && complete ? sums[k] + extra : ZG_ENC_NO_BOUND;
    *utf8_ub = complete ? utf8 + extra : ZG_ENC_NO_BOUND;
}

void zg_enc_bounds(zg_enc_bound_tables *t, const zg_enc_common_map *common,
                   const unsigned char *b, size_t m, long ub[ZG_ENC_BOUND_COUNT], long *utf8_ub)
{
    zg_enc_bounds_below(t, common, b, m, LONG_MIN, ub, utf8_ub);
}

long zg_enc_utf8_bound(const zg_enc_common_map *common, const unsigned char *b, size_t m)
{
    long count = 0;
    for (size_t i = 0; i + 2 < m; i++)
        if (b[i] - 0xE4u <= 0xE9u - 0xE4u) count += utf8_common_at(common, b, i);
    return count;
}
