/*
 * Normalization internals (normalize.c folds the text, normalize_script.c decides the script and
 * converts Traditional text). Not part of the public API.
 */
#ifndef ZG_NORMALIZE_H
#define ZG_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/uset.h>
#include <unicode/utrans.h>

#include "model.h"

/* The common Han block, handled with tables instead of ICU calls. */
enum {
    ZG_HAN_FIRST = 0x4E00,
    ZG_HAN_LAST = 0x9FFF,
    ZG_HAN_COUNT = ZG_HAN_LAST - ZG_HAN_FIRST + 1,
    ZG_TRANSLIT_MEMO = 4096,   /* slots of the one-character memo outside the common block */
    ZG_FOLD_MEMO = 1024        /* slots of the fold memo (non-ASCII characters outside it) */
};

/* fold memo flags: what the script count needs to know of a character (a Han character outside
 * GB2312; the whole Han count is taken later, only when the script is in question) */
enum { ZG_FOLD_NOT_GB2312 = 2 };

/* One rule statement of a transliterator's rules: rules[start, end) without the ';'. */
typedef struct zg_translit_stmt {
    int32_t start, end;
    int32_t first;             /* the first character of its key; -1: a variable definition */
    size_t key, key_len;       /* its key in UTF-8: keys[key, key + key_len) */
    int32_t next;              /* the next unused rule whose key begins with `first`, -1 none */
    bool used;                 /* in the subset (its key occurred in a text asked about) */
} zg_translit_stmt;

/* The rules whose key begins with `first` (outside the common block): stmts[head] on. */
typedef struct zg_translit_first {
    int32_t first, head;
} zg_translit_first;

/*
 * A transliterator built from the rules in ICU's data, from as many of them as the texts asked
 * about need (normalize_translit.c), or whole.
 */
typedef struct zg_translit {
    char id[64];
    UChar *rules;              /* the rules (malloc'd), or NULL when built whole at once */
    int32_t len;
    UTransDirection dir;
    zg_translit_stmt *stmts;   /* variable definitions and the rules of direction dir */
    size_t n_stmts, n_rules;
    char *keys;                /* the rule keys in UTF-8 */
    size_t keys_len;
    USet *source;              /* the characters of every rule key (frozen), or NULL unknown */
    int32_t *han_head;         /* per common-block character its first unused rule, -1 none */
    zg_translit_first *other;  /* the same for other characters, sorted */
    size_t n_other, n_used;    /* n_used: rules marked used */
    UTransliterator *tr;       /* the current transliterator, or NULL */
    size_t rules_parsed;       /* rules parsed by all builds so far */
    bool complete;             /* tr holds every rule */
} zg_translit;

/** The transliterator `id` (nothing parsed yet when its rules allow subsets); NULL unavailable. */
zg_translit *zg_translit_new(const char *id);
/** Free it (NULL: no-op). */
void zg_translit_free(zg_translit *t);
/** The characters its rules can change (when known; owned by t), or NULL. */
const USet *zg_translit_source(const zg_translit *t);
/**
 * A transliterator (owned by t, valid until the next call) that converts the UTF-8 text
 * text[0, len) — and any text of its characters and those of earlier calls — exactly as the
 * whole one; NULL on failure.
 */
UTransliterator *zg_translit_for(zg_translit *t, const char *text, size_t len);

/* ICU objects and tables kept per scanner (one thread) across documents. */
typedef struct zg_norm_cache {
    USet *gb2312;              /* GB2312 round-trip set; NULL when ICU has no GB2312 table */
    unsigned char han_gb[(ZG_HAN_COUNT + 7) / 8]; /* that set over the common block */
    zg_translit *translit;     /* Traditional-Simplified, opened on first need */
    UTransliterator *tr;       /* its transliterator for the document at hand (owned by it) */
    uint32_t han_simplified[ZG_HAN_COUNT]; /* one-character result per common-block character
                                              (0 = not asked yet) */
    uint32_t memo_key[ZG_TRANSLIT_MEMO], memo_val[ZG_TRANSLIT_MEMO]; /* the same elsewhere
                                                                       (key 0 = empty) */
    const USet *source;        /* the characters its rules can change (owned by translit) when
                                  they only replace strings, else NULL: then text converts run by
                                  run */
    unsigned char han_source[(ZG_HAN_COUNT + 7) / 8]; /* that set over the common block */
    struct zg_run_memo *runs;  /* converted runs (malloc'd on first use), or NULL */
    uint32_t fold_key[ZG_FOLD_MEMO];  /* fold results of non-ASCII characters (key 0 = empty) */
    unsigned char fold_len[ZG_FOLD_MEMO];
    unsigned char fold_flags[ZG_FOLD_MEMO];
    char fold_out[ZG_FOLD_MEMO][8];
    unsigned char fold_class[0x10000]; /* how a 3-byte UTF-8 sequence folds (normalize.c: FC_*,
                                          by fold_key of its bytes; 0 = not asked yet) */
} zg_norm_cache;

/** The scanner's cache (created on first use), or a new one the caller frees (*owned). */
zg_norm_cache *zg_norm_cache_get(zg_document *doc, zg_norm_cache **owned);
/** Free a cache (NULL: no-op). */
void zg_norm_cache_free(void *cache);

/** Is c a Han character (script Han and alphabetic)? */
bool zg_norm_is_han(uint32_t c);
/** Can GB2312 encode c? (false without a GB2312 table: the transliterator judges then) */
bool zg_norm_in_gb2312(const zg_norm_cache *cache, uint32_t c);

/** A common-block Han character (U+4E00–U+9FFF) as 3 valid UTF-8 bytes at u[i]: its code point,
 *  else 0. */
static inline uint32_t zg_norm_common_han_at(const unsigned char *u, size_t n, size_t i)
{
    unsigned char b = u[i];
    if (b < 0xE4 || b > 0xE9 || i + 2 >= n) return 0;
    if ((u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80) return 0;
    if (b == 0xE4 && u[i + 1] < 0xB8) return 0;
    return ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
}

/** zg_norm_in_gb2312 for a common-block character. */
static inline bool zg_norm_common_in_gb2312(const zg_norm_cache *cache, uint32_t c)
{
    return (cache->han_gb[(c - ZG_HAN_FIRST) >> 3] >> ((c - ZG_HAN_FIRST) & 7)) & 1;
}

/**
 * Decide doc->script from the text's Han characters (`not_gb2312` of them outside GB2312).
 * For Traditional text *simplified receives the text's code points in their Simplified form
 * (malloc'd, one per code point of the text); otherwise it stays NULL.
 */
zg_status zg_norm_detect_script(zg_document *doc, zg_norm_cache *cache, size_t not_gb2312,
                                uint32_t **simplified);

/**
 * The ICU transliterator `id` built straight from its rules in ICU's transliteration data
 * (aliases followed), or NULL when the data does not describe it that way. When its rules only
 * replace strings by strings it is filtered to its source set, and *plain_source (may be NULL)
 * receives a copy of that set (the caller closes it); otherwise NULL.
 */
UTransliterator *zg_translit_open_data(const char *id, USet **plain_source);

#endif /* ZG_NORMALIZE_H */
