/*
 * The html_* rule sets for the HTML loader, looked up once per scanner, and the answers of the
 * element sets (html_container, html_drop, html_title) remembered per descriptor: a page has a
 * few dozen distinct "tag#id.class" strings ("p", "div.TRS_Editor" …) and batches repeat them,
 * so most elements cost one hash lookup instead of a regex search per rule. Short lines that are
 * not furniture (html_furniture) are remembered the same way: headings, labels, status lines and
 * signatures recur from notice to notice. The caches live in a scanner slot (one thread, one rule
 * set, fixed limits), so an answer can never be stale. Only definitive
 * answers are kept: a search that hit a PCRE2 limit is asked again next time (it reports a
 * diagnostic each time, as before).
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

enum { CACHE_MAX = 4096 };           /* entries kept before a table is emptied */
/* Lines up to this many bytes (40 Han characters: headings, labels, status lines, signatures,
 * dates, which recur from notice to notice of one source) have their furniture answer kept. */
enum { LINE_KEY_MAX = 120 };

static const char *const set_names[HTML_SET_COUNT] = {
    [HTML_CONTAINER] = "html_container", [HTML_DROP] = "html_drop",
    [HTML_TITLE] = "html_title",         [HTML_FURNITURE] = "html_furniture",
    [HTML_TITLE_SUFFIX] = "html_title_suffix", [HTML_DATE_META] = "html_date_meta",
    [HTML_PAGE_DATE] = "html_page_date",
};

typedef struct entry {
    uint64_t hash;                   /* 0: empty */
    char *key;                       /* descriptor or line (malloc), NUL-terminated */
    size_t len;
    html_set set;
    const zg_rule *rule;             /* the answer; NULL: no rule matches */
} entry;

/* Open addressing, cap a power of two, load under one half; emptied at CACHE_MAX entries. */
typedef struct table {
    entry *slots;
    size_t cap, used;
} table;

typedef struct html_rules {
    const zg_ruleset *sets[HTML_SET_COUNT];
    table descs;                     /* element descriptors → first rule of an element set */
    table lines;                     /* short lines no html_furniture rule matches */
    xmlParserCtxtPtr parser;         /* zg_html_parse's context kept between pages */
} html_rules;

static void table_clear(table *t)
{
    for (size_t i = 0; i < t->cap; i++) {
        free(t->slots[i].key);
        t->slots[i] = (entry){ 0 };
    }
    t->used = 0;
}

static void html_rules_free(void *p)
{
    html_rules *hr = p;
    if (!hr) return;
    table_clear(&hr->descs);
    table_clear(&hr->lines);
    free(hr->descs.slots);
    free(hr->lines.slots);
    if (hr->parser) xmlFreeParserCtxt(hr->parser);
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

xmlParserCtxtPtr *zg_html_kept_parser(zg_document *doc)
{
    html_rules *hr = rules_of(doc);
    return hr ? &hr->parser : NULL;
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

/* Hash of (set, s[0, n)); never 0 (0 marks an empty slot). */
static uint64_t hash_key(html_set set, const char *s, size_t n)
{
    uint64_t h = zg_hash_bytes((uint64_t)set << 56, s, n);
    return h ? h : 1;
}

static bool grow(table *t)
{
    size_t ncap = t->cap ? t->cap * 2 : 64;
    entry *ns = calloc(ncap, sizeof *ns);
    if (!ns) return false;
    for (size_t i = 0; i < t->cap; i++) {
        entry *e = &t->slots[i];
        if (!e->hash) continue;
        size_t j = (size_t)e->hash & (ncap - 1);
        while (ns[j].hash) j = (j + 1) & (ncap - 1);
        ns[j] = *e;
    }
    free(t->slots);
    t->slots = ns;
    t->cap = ncap;
    return true;
}

/* The entry for (h, set, key), or NULL. */
static const entry *table_find(const table *t, uint64_t h, html_set set, const char *key,
                               size_t len)
{
    if (!t->cap) return NULL;
    for (size_t j = (size_t)h & (t->cap - 1); t->slots[j].hash; j = (j + 1) & (t->cap - 1)) {
        const entry *e = &t->slots[j];
        if (e->hash == h && e->set == set && e->len == len && !memcmp(e->key, key, len)) return e;
    }
    return NULL;
}

/* Remember an answer (not found by table_find); nothing when memory runs out. */
static void table_put(table *t, uint64_t h, html_set set, const char *key, size_t len,
                      const zg_rule *rule)
{
    if (t->used >= CACHE_MAX) table_clear(t);
    if ((t->used + 1) * 2 > t->cap && !grow(t)) return;
    char *copy = malloc(len + 1);
    if (!copy) return;
    memcpy(copy, key, len);
    copy[len] = '\0';
    size_t j = (size_t)h & (t->cap - 1);
    while (t->slots[j].hash) j = (j + 1) & (t->cap - 1);
    t->slots[j] = (entry){ h, copy, len, set, rule };
    t->used++;
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

const zg_rule *zg_html_desc_rule(zg_document *doc, html_set set, const char *desc, size_t len,
                                 bool *definitive)
{
    bool failed = false, ignored;
    if (!definitive) definitive = &ignored;
    *definitive = true;
    html_rules *hr = rules_of(doc);
    const zg_ruleset *rs = set_of(doc, hr, set);
    if (!rs) return NULL;
    const zg_rule *rule;
    if (!hr) {
        rule = first_rule(doc->scanner, rs, desc, len, &failed);
        *definitive = !failed;
        return rule;
    }
    uint64_t h = hash_key(set, desc, len);
    const entry *e = table_find(&hr->descs, h, set, desc, len);
    if (e) return e->rule;
    rule = first_rule(doc->scanner, rs, desc, len, &failed);
    if (!failed) table_put(&hr->descs, h, set, desc, len, rule);
    *definitive = !failed;
    return rule;
}

/* Only "no rule matches" is remembered: zg_match_first_rule answers 0 only when no rule matched
 * and none gave up on a PCRE2 limit (a limit makes it -1), so the answer is the same next time
 * and the search reported nothing. A match (1) may have come after a rule gave up and reported
 * it; furniture lines are few, so those are simply searched again. */
bool zg_html_furniture_line(zg_document *doc, const char *s, size_t n)
{
    html_rules *hr = rules_of(doc);
    const zg_ruleset *rs = set_of(doc, hr, HTML_FURNITURE);
    if (!rs) return false;
    bool keyed = hr && n <= LINE_KEY_MAX;
    uint64_t h = keyed ? hash_key(HTML_FURNITURE, s, n) : 0;
    if (keyed && table_find(&hr->lines, h, HTML_FURNITURE, s, n)) return false;
    zg_match m;
    int rc = zg_match_first_rule(doc->scanner, rs, s, 0, n, ZG_MATCH_ANCHORED, &m);
    if (keyed && rc == 0) table_put(&hr->lines, h, HTML_FURNITURE, s, n, NULL);
    return rc == 1;
}
