/*
 * Numerals as printed in notices: ASCII/full-width digits, Chinese numerals (十二, 二十一,
 * 两, 一千零五, digit-by-digit years 二〇二三), circled/parenthesized digits (① ⑴ ⒈), and
 * mixed amounts (3.5万, 13万2, 1亿2000万, 16.4亿).
 *
 * zg_number_int is the fast path for small integers (heading numbers, dates): no allocation, no
 * ICU. zg_number_parse/zg_number_range compute exactly in fixed-point decimal (numbers_dec.c);
 * Chinese numerals with units or 点 go through ICU's rule-based (RBNF) spellout parser
 * (numbers_rbnf.c), the others are read here.
 */
#include <string.h>

#include "numbers.h"
#include "util.h"

/* Value of a Chinese or full-width digit character, -1 if not one. */
int zg_cn_digit(uint32_t cp)
{
    switch (cp) {
    case 0x3007: case 0x25CB: case 0x96F6: return 0;             /* 〇 ○ 零 */
    case 0x4E00: case 0x58F9: case 0x5E7A: return 1;             /* 一 壹 幺 */
    case 0x4E8C: case 0x4E24: case 0x8D30: case 0x5169: return 2; /* 二 两 贰 兩 */
    case 0x4E09: case 0x53C1: return 3;                          /* 三 叁 */
    case 0x56DB: case 0x8086: return 4;                          /* 四 肆 */
    case 0x4E94: case 0x4F0D: return 5;                          /* 五 伍 */
    case 0x516D: case 0x9646: case 0x9678: return 6;             /* 六 陆 陸 */
    case 0x4E03: case 0x67D2: return 7;                          /* 七 柒 */
    case 0x516B: case 0x634C: return 8;                          /* 八 捌 */
    case 0x4E5D: case 0x7396: return 9;                          /* 九 玖 */
    default: break;
    }
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);
    return -1;
}

/* Multiplier of a Chinese unit character, 0 if not one. */
long long zg_cn_unit(uint32_t cp)
{
    switch (cp) {
    case 0x5341: case 0x62FE: return 10;                         /* 十 拾 */
    case 0x767E: case 0x4F70: return 100;                        /* 百 佰 */
    case 0x5343: case 0x4EDF: return 1000;                       /* 千 仟 */
    case 0x4E07: case 0x842C: return 10000;                      /* 万 萬 */
    case 0x4EBF: case 0x5104: return 100000000;                  /* 亿 億 */
    default: return 0;
    }
}

/* Value of a single enclosed-number character (① ⑴ ⒈ ❶ …), -1 if not one. */
int zg_enclosed_number(uint32_t cp)
{
    if (cp >= 0x2460 && cp <= 0x2473) return (int)(cp - 0x2460) + 1;   /* ①..⑳ */
    if (cp >= 0x2474 && cp <= 0x2487) return (int)(cp - 0x2474) + 1;   /* ⑴..⒇ */
    if (cp >= 0x2488 && cp <= 0x249B) return (int)(cp - 0x2488) + 1;   /* ⒈..⒛ */
    if (cp >= 0x24EB && cp <= 0x24F4) return (int)(cp - 0x24EB) + 11;  /* ⓫..⓴ */
    if (cp >= 0x24F5 && cp <= 0x24FE) return (int)(cp - 0x24F5) + 1;   /* ⓵..⓾ */
    if (cp >= 0x2776 && cp <= 0x277F) return (int)(cp - 0x2776) + 1;   /* ❶..❿ */
    if (cp >= 0x2780 && cp <= 0x2789) return (int)(cp - 0x2780) + 1;   /* ➀..➉ */
    if (cp >= 0x278A && cp <= 0x2793) return (int)(cp - 0x278A) + 1;   /* ➊..➓ */
    if (cp >= 0x3251 && cp <= 0x325F) return (int)(cp - 0x3251) + 21;  /* ㉑..㉟ */
    if (cp >= 0x32B1 && cp <= 0x32BF) return (int)(cp - 0x32B1) + 36;  /* ㊱..㊿ */
    return -1;
}

#define INT_LIMIT 1000000000000000000LL /* 10^18: larger values are not "small integers" */

long long zg_number_int(const char *s, size_t n)
{
    if (!s || n == 0) return -1;
    /* ASCII digits only (most dates and markers): what the digit-by-digit loop below computes;
     * 17 digits stay under its INT_LIMIT check */
    if (n <= 17) {
        long long v = 0;
        size_t k = 0;
        while (k < n && s[k] >= '0' && s[k] <= '9') v = v * 10 + (s[k++] - '0');
        if (k == n) return v;
    }
    size_t i = 0;
    uint32_t cp = zg_utf8_next(s, n, &i);
    if (i == n) {
        int e = zg_enclosed_number(cp);
        if (e >= 0) return e;
    }

    /* without unit characters the digits are read one by one: 12, 二〇二三 */
    bool has_unit = false;
    for (i = 0; i < n;) {
        cp = zg_utf8_next(s, n, &i);
        if (zg_cn_unit(cp)) has_unit = true;
        else if (zg_cn_digit(cp) < 0) return -1;
    }
    long long v = 0;
    if (!has_unit) {
        for (i = 0; i < n;) {
            if (v >= INT_LIMIT / 10) return -1;
            v = v * 10 + zg_cn_digit(zg_utf8_next(s, n, &i));
        }
        return v;
    }

    /* positional: total (above 万/亿) + section (below 万) + pending digit run */
    long long total = 0, section = 0, digit = -1;
    long long last_small = 10000;    /* units within a section must decrease: 三百二十 */
    long long last_unit = 0;
    bool after_zero = false, digit_run = false;
    for (i = 0; i < n;) {
        cp = zg_utf8_next(s, n, &i);
        long long u = zg_cn_unit(cp);
        if (!u) {
            int d = zg_cn_digit(cp);
            if (d == 0 && cp > 0x7F && cp < 0xFF10) {   /* 零/〇 between units: 一千零五 */
                if (digit > 0) return -1;
                after_zero = true;
                continue;
            }
            /* ASCII digits may form a run inside a positional numeral: 3千, 13万2 */
            if (digit >= 0 && (cp > '9' || cp < '0')) return -1;
            digit_run = digit >= 0;
            if (digit >= INT_LIMIT / 10) return -1;
            digit = digit < 0 ? d : digit * 10 + d;
            continue;
        }
        if (u < 10000) {
            if (u >= last_small) return -1;
            if (digit < 0) {
                if (u != 10) return -1;
                digit = 1;                                /* 十二 = 一十二 */
            }
            if (digit > INT_LIMIT / u) return -1;
            section += digit * u;
            last_small = u;
        } else {
            if (digit >= 0) section += digit;
            if (section == 0 && total == 0) return -1;
            if (u == 100000000) {
                total = (total + section);
                if (total > INT_LIMIT / u) return -1;
                total *= u;
            } else {
                if (section > INT_LIMIT / u) return -1;
                total += section * u;
            }
            section = 0;
            last_small = 10000;
        }
        last_unit = u;
        digit = -1;
        after_zero = false;
        if (section >= INT_LIMIT || total >= INT_LIMIT) return -1;
    }
    if (digit >= 0) {
        /* a bare last digit counts in the next smaller unit: 一万二 = 12000, 三百五 = 350 */
        if (last_unit >= 100 && !after_zero && !digit_run) digit *= last_unit / 10;
        section += digit;
    }
    v = total + section;
    return v >= INT_LIMIT ? -1 : v;
}

