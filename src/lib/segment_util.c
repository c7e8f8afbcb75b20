/* Text helpers of the segmenter: clause positions, title ends, marker numbers. */
#include <string.h>

#include "segment_util.h"
#include "util.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define IDEO_FULL_STOP "\xE3\x80\x82" /* 。 */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static bool is_ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Does norm[0, k) end in a clause-ending mark (。！？；: after folding)? */
static bool ends_clause(const char *norm, size_t k, bool comma_too)
{
    char c = norm[k - 1];
    if (c == '!' || c == '?' || c == ';' || c == ':') return true;
    if (comma_too && c == ',') return true;
    if (k >= 3 && memcmp(norm + k - 3, IDEO_FULL_STOP, 3) == 0) return true;
    return false;
}

static zg_seg_pos position(const char *norm, size_t at, bool comma_too)
{
    size_t k = at;
    while (k > 0 && is_blank(norm[k - 1])) k--;
    if (k == 0 || norm[k - 1] == '\n') return ZG_SEG_LINE_START;
    if (k < at) return ZG_SEG_GAP;
    return ends_clause(norm, k, comma_too) ? ZG_SEG_CLAUSE : ZG_SEG_INSIDE;
}

zg_seg_pos zg_seg_clause_start(const char *norm, size_t at) { return position(norm, at, false); }

zg_seg_pos zg_seg_item_start(const char *norm, size_t at) { return position(norm, at, true); }

size_t zg_seg_skip_blanks(const char *norm, size_t at, size_t limit)
{
    while (at < limit && is_blank(norm[at])) at++;
    return at;
}

size_t zg_seg_skip_terminator(const char *norm, size_t at, size_t limit)
{
    if (at < limit && (norm[at] == ':' || norm[at] == '!' || norm[at] == '?')) at++;
    else if (at + 3 <= limit && memcmp(norm + at, IDEO_FULL_STOP, 3) == 0) at += 3;
    return zg_seg_skip_blanks(norm, at, limit);
}

/* Whether a title may end at byte c: 。's lead byte E3, line breaks, : ! ? and blanks (folded
 * text: the full-width forms are ASCII here). */
static inline bool title_stop_byte(unsigned char c)
{
    return c == 0xE3 || c == '\n' || c == '\r' || c == ':' || c == '!' || c == '?' || c == ' ' ||
           c == '\t';
}

/* The first byte at or after i in norm[i, limit) that title_stop_byte takes, else limit. */
static size_t next_stop_byte(const char *norm, size_t i, size_t limit)
{
#if defined(__SSE2__)
    const __m128i e3 = _mm_set1_epi8((char)0xE3), nl = _mm_set1_epi8('\n'),
                  cr = _mm_set1_epi8('\r'), colon = _mm_set1_epi8(':'),
                  bang = _mm_set1_epi8('!'), ask = _mm_set1_epi8('?'),
                  space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    for (; i + 16 <= limit; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(norm + i));
        __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, e3), _mm_cmpeq_epi8(v, nl)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, colon))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, ask)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab))));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask) return i + (size_t)__builtin_ctz(mask);
    }
#endif
    while (i < limit && !title_stop_byte((unsigned char)norm[i])) i++;
    return i;
}

size_t zg_seg_title_end(const char *norm, size_t start, size_t limit)
{
    size_t i = start;
    while ((i = next_stop_byte(norm, i, limit)) < limit) {
        unsigned char c = (unsigned char)norm[i];
        if (c == 0xE3) { /* of multi-byte characters only 。 (E3 80 82) ends a title */
            if (i + 3 <= limit && (unsigned char)norm[i + 1] == 0x80 &&
                (unsigned char)norm[i + 2] == 0x82)
                return i;
        } else if (!is_blank((char)c)) {
            return i;
        } else if (!(i > 0 && is_ascii_alnum(norm[i - 1]) && i + 1 < limit &&
                     is_ascii_alnum(norm[i + 1]))) {
            return i;  /* one space between ASCII words/numbers ("COD 200") is no gap */
        }
        i++;
    }
    return limit;
}

static int han_digit(uint32_t c)
{
    static const uint32_t digits[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                       0x516D, 0x4E03, 0x516B, 0x4E5D }; /* 一 … 九 */
    for (int d = 0; d < 9; d++)
        if (digits[d] == c) return d + 1;
    return -1;
}

int zg_seg_number(const char *s, size_t n)
{
    if (n == 0) return -1;
    if (s[0] >= '0' && s[0] <= '9') {
        int v = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] < '0' || s[i] > '9' || v > 999) return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    }
    size_t i = 0;
    uint32_t c = zg_utf8_next(s, n, &i);
    if (c >= 0x2460 && c <= 0x2473) return i == n ? (int)(c - 0x2460 + 1) : -1; /* ①–⑳ */
    /* Han numerals up to 九十九: [d]十[d] or d */
    int tens = 0, units = 0;
    bool seen_ten = false;
    i = 0;
    while (i < n) {
        c = zg_utf8_next(s, n, &i);
        if (c == 0x5341) { /* 十 */
            if (seen_ten) return -1;
            seen_ten = true;
            tens = units ? units : 1;
            units = 0;
            continue;
        }
        int d = han_digit(c);
        if (d < 0 || units) return -1;
        units = d;
    }
    return tens * 10 + units > 0 ? tens * 10 + units : -1;
}

int zg_seg_rule_rank(const zg_rule *rule)
{
    const char *y = rule->yield;
    if (y && y[0] >= '0' && y[0] <= '3' && y[1] == '\0') return y[0] - '0';
    return -1;
}

int zg_seg_rule_level(const zg_rule *rule)
{
    int rank = zg_seg_rule_rank(rule);
    return rank == 0 ? 1 : rank < 0 ? 0 : rank;
}
