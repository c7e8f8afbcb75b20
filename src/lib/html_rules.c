/*
 * The html_* rule sets for the HTML loader, looked up once per scanner, and the answers of the
 * element sets (html_container, html_drop, html_title) remembered per descriptor: a page has a
 * few dozen distinct "tag#id.class" strings ("p", "div.TRS_Editor" …) and batches repeat them,
 * so most elements cost one hash lookup instead of a regex search per rule. The cache lives in a
 * scanner slot (one thread, one rule set), so an answer can never be stale. Only definitive
 * answers are kept: a search that hit a PCRE2 limit is asked again next time (it reports a
 * diagnostic each time, as before).
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

enum { CACHE_MAX = 4096 };           /* entries kept before the table is emptied */

static const char *const set_names[HTML_SET_COUNT] = {
    [HTML_CONTAINER] = "html_container", [HTML_DROP] = "html_drop",
    [HTML_TITLE] = "html_title",         [HTML_FURNITURE] = "html_furniture",
    [HTML_TITLE_SUFFIX] = "html_title_suffix", [HTML_DATE_META] = "html_date_meta",
    [HTML_PAGE_DATE] = "html_page_date",
};

typedef struct entry {
    uint64_t hash;                   /* 0: empty */
    char *key;                       /* descriptor (malloc), NUL-terminated */
    size_t len;
    html_set set;
    const zg_rule *rule;             /* the answer; NULL: no rule matches */
} entry;

typedef struct html_rules {
    const zg_ruleset *sets[HTML_SET_COUNT];
    entry *slots;                    /* open addressing, cap a power of two */
    size_t cap, used;
} html_rules;

static void html_rules_free(void *p)
{
    html_rules *hr = p;
    if (!hr) return;
    for (size_t i = 0; i < hr->cap; i++) free(hr->slots[i].key);
    free(hr->slots);
    free(hr);
}

static void *html_rules_new(const zg_scanner *sc)
{
    html_rules *hr = calloc(1, sizeof *hr);
    if (!hr) return NULL;
    const zg_rules *rules = zg_scanner_rules(sc);
    for (int i = 0; i < HTML_SET_COUNT; i++) hr->sets[i] = zg_rules_set(rules, set_names[i]);
    return hr;
}

static html_rules *rules_of(zg_document *doc)
{
    return zg_scanner_slot(doc->scanner, ZG_SLOT_HTML, html_rules_new, html_rules_free);
}

/* The set, looked up once per scanner (by name when the cache could not be made). */
static const zg_ruleset *set_of(zg_document *doc, html_rules *hr, html_set set)
{
    if (hr) return hr->sets[set];
    return doc->scanner ? zg_rules_set(zg_scanner_rules(doc->scanner), set_names[set]) : NULL;
}

const zg_rule *zg_html_match(zg_document *doc, html_set set, const char *s, size_t n,
                             unsigned flags, zg_match *m)
{
    const zg_ruleset *rs = set_of(doc, rules_of(doc), set);
    if (!rs) return NULL;
    zg_match local;
    if (!m) m = &local;
    return zg_match_first_rule(doc->scanner, rs, s, 0, n, flags, m) == 1 ? m->rule : NULL;
}

static uint64_t hash_key(html_set set, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)set;   /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ? h : 1;
}

/* Empty the table (it only ever holds answers that can be recomputed). */
static void clear(html_rules *hr)
{
    for (size_t i = 0; i < hr->cap; i++) {
        free(hr->slots[i].key);
        hr->slots[i] = (entry){ 0 };
    }
    hr->used = 0;
}

static bool grow(html_rules *hr)
{
    size_t ncap = hr->cap ? hr->cap * 2 : 64;
    entry *ns = calloc(ncap, sizeof *ns);
    if (!ns) return false;
    for (size_t i = 0; i < hr->cap; i++) {
        entry *e = &hr->slots[i];
        if (!e->hash) continue;
        size_t j = (size_t)e->hash & (ncap - 1);
        while (ns[j].hash) j = (j + 1) & (ncap - 1);
        ns[j] = *e;
    }
    free(hr->slots);
    hr->slots = ns;
    hr->cap = ncap;
    return true;
}

/* The first rule of rs matching anywhere in s[0, n), rule by rule as zg_match_first_rule does;
 * *failed when some rule gave up on a PCRE2 limit (the answer is then not one to keep). */
static const zg_rule *first_rule(zg_scanner *sc, const zg_ruleset *rs, const char *s, size_t n,
                                 bool *failed)
{
    zg_match m;
    *failed = false;
    for (size_t i = 0; i < rs->n_rules; i++) {
        int rc = zg_match_rule(sc, &rs->rules[i], s, 0, n, 0, &m);
        if (rc == 1) return m.rule;
        if (rc < 0) *failed = true;
    }
    return NULL;
}

const zg_rule *zg_html_desc_rule(zg_document *doc, html_set set, const char *desc, size_t len)
{
    html_rules *hr = rules_of(doc);
    const zg_ruleset *rs = set_of(doc, hr, set);
    if (!rs) return NULL;
    bool failed;
    if (!hr) return first_rule(doc->scanner, rs, desc, len, &failed);
    uint64_t h = hash_key(set, desc, len);
    size_t j = 0;
    if (hr->cap) {
        for (j = (size_t)h & (hr->cap - 1); hr->slots[j].hash; j = (j + 1) & (hr->cap - 1)) {
            const entry *e = &hr->slots[j];
            if (e->hash == h && e->set == set && e->len == len && !memcmp(e->key, desc, len)) return e->rule;
        }
    }
    const zg_rule *rule = first_rule(doc->scanner, rs, desc, len, &failed);
    if (failed) return rule;
    if (hr->used >= CACHE_MAX) clear(hr);
    if ((hr->used + 1) * 2 > hr->cap && !grow(hr)) return rule;   /* load under one half */
    char *key = malloc(len + 1);
    if (!key) return rule;
    memcpy(key, desc, len);
    key[len] = '\0';
    for (j = (size_t)h & (hr->cap - 1); hr->slots[j].hash; j = (j + 1) & (hr->cap - 1)) {}
    hr->slots[j] = (entry){ h, key, len, set, rule };
    hr->used++;
    return rule;
}
