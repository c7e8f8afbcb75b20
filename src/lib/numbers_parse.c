/*
 * Amounts as printed: 8, 12.35, 1,234, 3.5万, 13万2 (= 132000), 1亿2000万, 16.4亿, 三万五千,
 * 两百, 二〇二三, ①, and approximate counts: 3000余, 二十多, 近百, 约50, 50左右, 两三, 三五.
 *
 * The value is Σ number × (units that follow it), in exact decimal: 1亿2000万 = 1×10^8 +
 * 2000×10^4; consecutive units multiply (3千万, 1.2万亿). A bare digit after a unit counts in the
 * next smaller unit (13万2 = 132000, 一万二 = 12000, 三百五 = 350).
 *
 * Approximate forms (zg_number_range): 余/多/超过/逾 → [v, open); 近/将近/不足/不到 → (open, v];
 * 约/大约/左右/上下 → [v, v]; a pair of rising digits 两三/三五(百) → [2, 3] (×unit). The nominal
 * value (zg_number_parse) is the lower end, else the upper one.
 */
#include <string.h>

#include "numbers.h"
#include "util.h"

typedef struct numeral {
    zg_dec lo, hi;             /* value (lo == hi unless a pair like 两三) */
    bool above, below, about;  /* 余/多/超过, 近/不足, 约/左右 */
    bool pair;
} numeral;

typedef struct term {          /* the number being multiplied by the units that follow it */
    zg_dec lo, hi;
    bool open;
    bool bare_digit;           /* one digit with nothing applied yet (the 2 of 13万2) */
    bool scaled;               /* a unit has been applied */
} term;

static const char *const prefix_above[] = { "超过", "逾", "超", NULL };
static const char *const prefix_below[] = { "将近", "接近", "近", "不足", "不到", NULL };
static const char *const prefix_about[] = { "大约", "约计", "约", "大概", NULL };
static const char *const suffix_above[] = { "余", "多", "以上", NULL };
static const char *const suffix_about[] = { "左右", "上下", NULL };

/* Length of the word of `list` that starts s[i..n), 0 if none. */
static size_t word_at(const char *s, size_t i, size_t n, const char *const *list)
{
    for (; *list; list++) {
        size_t len = strlen(*list);
        if (len <= n - i && memcmp(s + i, *list, len) == 0) return len;
    }
    return 0;
}

static bool is_ascii_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* 十 百 千 (not 万 亿, which are amount units here) */
static int small_unit_exp(uint32_t cp)
{
    long long u = zg_cn_unit(cp);
    return u == 10 ? 1 : u == 100 ? 2 : u == 1000 ? 3 : 0;
}

static int big_unit_exp(uint32_t cp)
{
    long long u = zg_cn_unit(cp);
    return u == 10000 ? 4 : u == 100000000 ? 8 : 0;
}

static bool is_cn_numeral_char(uint32_t cp)
{
    return (zg_cn_digit(cp) >= 0 && !is_ascii_digit(cp)) || small_unit_exp(cp) || cp == 0x70B9 /* 点 */;
}

static bool flush(numeral *v, term *t)
{
    if (!t->open) return true;
    t->open = false;
    return zg_dec_add(&v->lo, &t->lo) && zg_dec_add(&v->hi, &t->hi);
}

static bool scale(term *t, int exp)
{
    t->scaled = true;
    t->bare_digit = false;
    return zg_dec_shift(&t->lo, exp) && zg_dec_shift(&t->hi, exp);
}

/*
 * A run of Chinese numeral characters (no 万/亿). Rising pairs (两三, 三五, 二三十) are ranges;
 * runs with 百/千/点 go to ICU's RBNF parser after two fixes it needs (a leading unit gets its
 * 一: 百 → 一百; a colloquial last digit gets its unit: 三百五 → 三百五十); the rest is read by hand.
 */
static bool cn_run(const char *s, size_t n, term *t)
{
    uint32_t cps[64];
    size_t ncp = 0;
    for (size_t i = 0; i < n;) {
        if (ncp == sizeof cps / sizeof cps[0]) return false;
        cps[ncp++] = zg_utf8_next(s, n, &i);
    }
    memset(t, 0, sizeof *t);
    t->open = true;

    int d0 = ncp >= 1 ? zg_cn_digit(cps[0]) : -1, d1 = ncp >= 2 ? zg_cn_digit(cps[1]) : -1;
    if (ncp >= 2 && d0 >= 1 && d1 > d0 && (ncp == 2 || (ncp == 3 && small_unit_exp(cps[2])))) {
        zg_dec_set_int(&t->lo, (unsigned long long)d0);
        zg_dec_set_int(&t->hi, (unsigned long long)d1);
        int exp = ncp == 3 ? small_unit_exp(cps[2]) : 0;
        t->bare_digit = false;
        return zg_dec_shift(&t->lo, exp) && zg_dec_shift(&t->hi, exp) && (t->scaled = true);
    }

    bool complex = false;
    for (size_t i = 0; i < ncp; i++)
        if (small_unit_exp(cps[i]) >= 2 || cps[i] == 0x70B9) complex = true;
    if (!complex) {
        long long v = zg_number_int(s, n);
        if (v < 0) return false;
        zg_dec_set_int(&t->lo, (unsigned long long)v);
        t->hi = t->lo;
        t->bare_digit = ncp == 1 && d0 >= 0;
        return true;
    }

    char buf[3 * 66 + 8];
    size_t len = 0;
    if (small_unit_exp(cps[0]) >= 2) len += zg_utf8_put(0x4E00, buf + len);   /* 百 → 一百 */
    bool has_point = false;
    for (size_t i = 0; i < ncp; i++) {
        uint32_t cp = cps[i];
        if (cp == 0x4E24 || cp == 0x5169 || cp == 0x8D30) cp = 0x4E8C;       /* 两/兩/贰 → 二 */
        if (cp == 0x70B9) has_point = true;
        len += zg_utf8_put(cp, buf + len);
    }
    if (!has_point && ncp >= 2 && zg_cn_digit(cps[ncp - 1]) > 0) {
        int e = small_unit_exp(cps[ncp - 2]);
        if (e >= 2) len += zg_utf8_put(e == 2 ? 0x5341 : 0x767E, buf + len);  /* 三百五 → 三百五十 */
    }
    if (!zg_rbnf_parse_zh(buf, len, &t->lo)) {
        /* without ICU's spellout data, whole numbers are still read by hand */
        long long v = has_point ? -1 : zg_number_int(s, n);
        if (v < 0) return false;
        zg_dec_set_int(&t->lo, (unsigned long long)v);
    }
    t->hi = t->lo;
    t->scaled = true;
    return true;
}

static bool parse_numeral(const char *s, size_t n, numeral *v)
{
    memset(v, 0, sizeof *v);
    size_t i = 0, k;
    while (i < n && s[i] == ' ') i++;
    if ((k = word_at(s, i, n, prefix_above))) v->above = true;
    else if ((k = word_at(s, i, n, prefix_below))) v->below = true;
    else if ((k = word_at(s, i, n, prefix_about))) v->about = true;
    i += k;

    /* a single enclosed number: ① ⑴ ⒈ */
    size_t j = i;
    if (j < n && zg_enclosed_number(zg_utf8_next(s, n, &j)) >= 0 && j == n) {
        zg_dec_set_int(&v->lo, (unsigned long long)zg_number_int(s + i, n - i));
        v->hi = v->lo;
        return true;
    }

    term t;
    memset(&t, 0, sizeof t);
    int last_unit = 0;         /* exponent of the last unit applied */
    bool any = false, ended = false;
    while (i < n) {
        size_t at = i;
        uint32_t cp = zg_utf8_next(s, n, &i);
        if (cp == ' ') continue;
        if (ended) return false;                    /* nothing after 左右 */
        if ((k = word_at(s, at, n, suffix_above)) && any) { v->above = true; i = at + k; continue; }
        if ((k = word_at(s, at, n, suffix_about)) && any) { v->about = ended = true; i = at + k; continue; }
        if (is_ascii_digit(cp)) {
            if (t.open && !t.scaled) return false;  /* two numbers in a row */
            if (!flush(v, &t)) return false;
            size_t e = at, prev = at;
            while (e < n) {
                prev = e;
                uint32_t c = zg_utf8_next(s, n, &e);
                if (!is_ascii_digit(c) && c != '.' && c != ',' && c != 0xFF0E) { e = prev; break; }
            }
            memset(&t, 0, sizeof t);
            if (!zg_dec_from_ascii(&t.lo, s + at, e - at)) return false;
            t.hi = t.lo;
            t.open = true;
            t.bare_digit = e - at == 1 || (e - at == 3 && (unsigned char)s[at] == 0xEF);
            i = e;
            any = true;
            continue;
        }
        int exp = small_unit_exp(cp);
        if (exp && t.open && !t.scaled) {           /* 3千: a unit after ASCII digits */
            if (!scale(&t, exp)) return false;
            last_unit = exp;
            continue;
        }
        if (is_cn_numeral_char(cp)) {
            if (t.open && !t.scaled) return false;
            if (!flush(v, &t)) return false;
            size_t e = at;
            while (e < n) {
                size_t prev = e;
                uint32_t c = zg_utf8_next(s, n, &e);
                if (!is_cn_numeral_char(c)) { e = prev; break; }
            }
            if (!cn_run(s + at, e - at, &t)) return false;
            if (zg_dec_cmp(&t.lo, &t.hi) != 0) v->pair = true;
            i = e;
            any = true;
            continue;
        }
        if ((exp = big_unit_exp(cp))) {
            if (!t.open) {                          /* 近万, 上亿: the unit alone is 1 × unit */
                memset(&t, 0, sizeof t);
                zg_dec_set_int(&t.lo, 1);
                t.hi = t.lo;
                t.open = true;
            }
            if (!scale(&t, exp)) return false;
            last_unit = exp;
            any = true;
            continue;
        }
        return false;
    }
    if (!any) return false;
    if (t.open && t.bare_digit && last_unit >= 2 && !v->pair) {
        if (!scale(&t, last_unit - 1)) return false;   /* 13万2, 一万二 */
    }
    return flush(v, &t);
}

bool zg_number_parse(zg_arena *a, const char *s, size_t n, const char **out)
{
    if (out) *out = NULL;
    if (!a || !s || !out || n == 0) return false;
    numeral v;
    if (!parse_numeral(s, n, &v)) return false;
    *out = zg_dec_to_string(&v.lo, a);
    return *out != NULL;
}

bool zg_number_range(zg_arena *a, const char *s, size_t n, const char **lo, const char **hi,
                     bool *approx)
{
    if (lo) *lo = NULL;
    if (hi) *hi = NULL;
    if (approx) *approx = false;
    if (!a || !s || !lo || !hi || !approx || n == 0) return false;
    numeral v;
    if (!parse_numeral(s, n, &v)) return false;
    *approx = v.above || v.below || v.about || v.pair;
    if (!v.below) {
        if (!(*lo = zg_dec_to_string(&v.lo, a))) return false;
    }
    if (!v.above) {
        if (!(*hi = zg_dec_to_string(&v.hi, a))) return false;
    }
    return true;
}
