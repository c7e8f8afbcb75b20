/*
 * Internals of decoding: encoding.c (the choice), encoding_bound.c (bounds), encoding_gb.c
 * (GB18030 table), encoding_scan.c (UTF-8/UTF-16 scans), encoding_score.c, encoding_names.c.
 *
 * Choosing a legacy charset converts the bytes with each candidate and keeps the one whose text
 * reads most like Chinese (encoding.c). Most candidates cannot win on a given text, and an upper
 * bound on a candidate's quality, computed from the raw bytes with tables made once from ICU's
 * own conversion (encoding_bound.c), proves it without converting: the choice stays exactly the
 * one trying every candidate gives (zg_decode_reference, which the tests compare with).
 */
#ifndef ZG_ENCODING_H
#define ZG_ENCODING_H

#include <limits.h>
#include <string.h>

#include <unicode/ucnv.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "load.h"

/* Bytes examined when choosing between candidate encodings. */
enum { ZG_ENC_TRIAL_BYTES = 64 * 1024 };

/* Control characters that never occur in text (NUL handled separately; ESC kept for ISO-2022). */
static inline bool zg_enc_is_binary_control(uint32_t c)
{
    return (c >= 0x01 && c <= 0x08) || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F) ||
           c == 0x7F;
}

/* Whether some byte of w is a control byte decoding acts on (exact as a yes/no answer): NUL,
 * 01-08, 0E-1F (ESC included) or 7F, i.e. every byte below 0x20 but tab, LF, VT, FF and CR.
 * Lane by lane, for a byte x below 0x80, (x | 0x80) - k keeps its high bit exactly when x >= k
 * (no borrow crosses lanes); bytes from 0x80 up are never controls. */
static inline bool zg_enc_word_has_odd_control(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t v = w | highs, low = ~w & highs;
    uint64_t below_20 = ~(v - ones * 0x20) & low;
    uint64_t blank = (v - ones * 0x09) & ~(v - ones * 0x0E) & low;    /* 09-0D */
    uint64_t del = (v - ones * 0x7F) & low;                           /* 7F */
    return ((below_20 & ~blank) | del) != 0;
}

/* The same for one byte. */
static inline bool zg_enc_is_odd_control(unsigned c)
{
    return (c < 0x20 && c - 0x09u > 0x0Du - 0x09u) || c == 0x7F;
}

#if defined(__SSE2__)
/* The odd control bytes of 16 bytes at p as a bit mask (bit k: byte k). As signed bytes, those
 * below 0x20 are the controls and every byte from 0x80 up (masked off after); 09-0D moved to
 * the bottom of the signed range are found by one compare. */
static inline unsigned zg_enc_odd_controls16(const unsigned char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
    __m128i blank = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 0x09))),
                                   _mm_set1_epi8(-128 + 5));
    __m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F));
    __m128i odd = _mm_or_si128(_mm_andnot_si128(blank, low), del);
    return (unsigned)_mm_movemask_epi8(odd) & ~(unsigned)_mm_movemask_epi8(v);
}
#endif

/* Index of the first odd control byte (see above) at or after i, or n. */
static inline size_t zg_enc_next_odd_control(const unsigned char *b, size_t i, size_t n)
{
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        unsigned mask = zg_enc_odd_controls16(b + i);
        if (mask) return i + (size_t)__builtin_ctz(mask);
    }
#endif
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        if (zg_enc_word_has_odd_control(w)) break;
        i += 8;
    }
    while (i < n && !zg_enc_is_odd_control(b[i])) i++;
    return i;
}

/** Strict UTF-8 validity (no overlongs, surrogates or code points past U+10FFFF); *non_ascii
 *  says whether any byte is above ASCII (encoding_scan.c). */
bool zg_enc_valid_utf8(const unsigned char *s, size_t n, bool *non_ascii);

/** zg_enc_valid_utf8 that also tells, in the same pass, whether valid input holds an odd
 *  control byte (*odd; always true when the input is not valid UTF-8). */
bool zg_enc_valid_utf8_odd(const unsigned char *s, size_t n, bool *non_ascii, bool *odd);

/** UTF-16 byte order guessed from where NUL bytes sit: "UTF-16LE"/"UTF-16BE"/NULL (a hint). */
const char *zg_enc_utf16_by_nuls(const unsigned char *b, size_t n);

/** UTF-16 without a BOM, recognised by its code units: "UTF-16LE"/"UTF-16BE"/NULL. */
const char *zg_enc_utf16_by_content(const unsigned char *b, size_t n);

/* Charsets with a bound table, in this order (canonical names as encoding.c passes them). */
enum { ZG_ENC_BOUND_BIG5, ZG_ENC_BOUND_SJIS, ZG_ENC_BOUND_EUCJP, ZG_ENC_BOUND_EUCKR,
       ZG_ENC_BOUND_COUNT };

/* No bound known: the candidate must be converted. */
#define ZG_ENC_NO_BOUND LONG_MAX

/*
 * For each charset k of the list above, bit 2k of pair[b0 << 8 | b1] says the two bytes decode
 * to a frequent character (zg_enc_common_map), bit 2k+1 that they may begin a longer sequence;
 * bit 2k of single[b] that the byte alone decodes to one. Found by converting the bytes with
 * ICU (the converters the trials use), so the flags are exact for the ICU in use; pairs are
 * probed when an input first holds them (cell[key] then holds the flags), single bytes at once.
 */
typedef struct zg_enc_bound_tables {
    bool usable[ZG_ENC_BOUND_COUNT];   /* false: ICU lacks the charset or it has longer sequences */
    bool ascii_inert;                  /* no byte below 0x80 counts in any charset */
    bool pairs_only;                   /* ascii_inert, and no byte counts alone */
    UConverter *cv[ZG_ENC_BOUND_COUNT];
    int8_t max[ZG_ENC_BOUND_COUNT];    /* longest sequence */
    bool starter[ZG_ENC_BOUND_COUNT][256];   /* lead bytes */
    unsigned char starter_any[256];
    unsigned char single[256];
    unsigned char pair[65536];
    uint16_t cell[65536];              /* pair flags | 0x100 once probed (0x200: being probed), by
                                        * the pair's bytes as a native 16-bit load reads them */
    uint64_t add[256];                 /* a flag byte's counts per charset, in 16-bit lanes */
} zg_enc_bound_tables;

/** Index of a canonical charset name in the bound list, or -1. */
int zg_enc_bound_index(const char *canonical);

/** ICU converter name for a canonical name ("BIG5" → "Big5"). */
const char *zg_enc_icu_name(const char *canonical);

/** Open the converters and probe the single bytes (t: uninitialized memory). */
void zg_enc_bound_init(zg_enc_bound_tables *t, const zg_enc_common_map *common);

/** Close t's converters and free t (a malloc'd table; NULL: no-op). */
void zg_enc_bound_free(zg_enc_bound_tables *t);

/** Probe every pair not probed yet (tests: the whole table). */
void zg_enc_bound_probe_all(zg_enc_bound_tables *t, const zg_enc_common_map *common);

/**
 * Upper bounds on the frequent characters each table charset can decode from b[0..m): every
 * such character comes from a sequence that starts at some byte and is counted there. ub[k] is
 * ZG_ENC_NO_BOUND for a charset that is not usable. *utf8_ub: zg_enc_utf8_bound, same pass.
 */
void zg_enc_bounds(zg_enc_bound_tables *t, const zg_enc_common_map *common,
                   const unsigned char *b, size_t m, long ub[ZG_ENC_BOUND_COUNT], long *utf8_ub);

/**
 * zg_enc_bounds that may stop early: once every bound (UTF-8's too) is proven below `below`
 * with the rest of b[0..m) allowed the most it could add, the bounds returned are those proven
 * ones (still upper bounds, not the exact counts). LONG_MIN: never stop (zg_enc_bounds).
 */
void zg_enc_bounds_below(zg_enc_bound_tables *t, const zg_enc_common_map *common,
                         const unsigned char *b, size_t m, long below,
                         long ub[ZG_ENC_BOUND_COUNT], long *utf8_ub);

/** The same for UTF-8: well-formed 3-byte sequences of frequent characters in b[0..m). */
long zg_enc_utf8_bound(const zg_enc_common_map *common, const unsigned char *b, size_t m);

/** Whether U+c is a frequent character. */
static inline bool zg_enc_is_common(const zg_enc_common_map *map, unsigned c)
{
    if (c - ZG_ENC_COMMON_FIRST > ZG_ENC_COMMON_LAST - ZG_ENC_COMMON_FIRST) return false;
    unsigned off = c - ZG_ENC_COMMON_FIRST;
    return (map->bits[off >> 3] >> (off & 7)) & 1;
}

/* GB18030 codes of two bytes → BMP character, filled from ICU as codes occur (encoding_gb.c). */
typedef struct zg_enc_gb_table {
    bool usable;               /* ICU has GB18030 and reads ASCII as itself */
    UConverter *cv;
    uint16_t map[65536];       /* 0: not probed yet; 0xFFFF: not one plain character */
    uint32_t utf8[65536];      /* the same as UTF-8 bytes and score flags (encoding_gb.c),
                                * by the code's bytes in memory order: b[0] | b[1] << 8 */
} zg_enc_gb_table;

/** A new table (NULL: out of memory); free with zg_enc_gb_free (NULL: no-op). */
zg_enc_gb_table *zg_enc_gb_new(void);
void zg_enc_gb_free(zg_enc_gb_table *t);

/**
 * Decode b[0..n) as GB18030 into u (room for n units) when it holds only ASCII and 2-byte
 * characters: the units written, exactly what ICU gives (flushed, no invalid sequences). -1
 * for anything else: convert with ICU.
 */
long zg_enc_gb_decode(zg_enc_gb_table *t, const unsigned char *b, size_t n, UChar *u);

/* What zg_enc_gb_decode_utf8 found besides the text. */
typedef struct zg_enc_gb_counts {
    size_t units;              /* UTF-16 code units (characters) of the text */
    size_t controls;           /* binary control characters (now spaces) */
    long score;                /* zg_enc_score of the first ZG_ENC_TRIAL_BYTES units */
} zg_enc_gb_counts;

/**
 * zg_enc_gb_decode straight to UTF-8, as zg_decode finishes a decoded text (binary controls and
 * ESC as spaces), into out (room for n + n / 2 + 4 bytes): the bytes written, and *counts. -1
 * (nothing else told) where zg_enc_gb_decode declines, and for NUL or a code giving ASCII:
 * convert with ICU.
 */
long zg_enc_gb_decode_utf8(zg_enc_gb_table *t, const zg_enc_common_map *common,
                           const unsigned char *b, size_t n, char *out, zg_enc_gb_counts *counts);

/**
 * zg_decode trying every candidate charset in full with ICU's converters (no bounds, no
 * GB18030 table): the reference the fast paths must equal (tests only).
 */
zg_status zg_decode_reference(zg_document *doc, const unsigned char *bytes, size_t len,
                              const char *forced, const char *declared, zg_decoded *out,
                              zg_error *err);

#endif /* ZG_ENCODING_H */
