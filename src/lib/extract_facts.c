/*
 * Quantified outcomes: 问责12人, 立案3件, 追回资金12.35万元, 完善制度23项, 召开会议8次 …
 * Phrases in rules/facts.rules (yield = kind). The value is the printed number times its
 * multiplier as an exact decimal string (12.35万元 → "123500", unit 元); other units are kept
 * as printed. 余/多 after or 近/约/逾/超过 before the number make the fact approximate.
 */
#include <string.h>

#include "meta.h"

/* norm[s..e) of a group (a literal name), or an empty range. */
static void group_range(zg_scanner *sc, const zg_match *m, const char *group, size_t *s,
                        size_t *e)
{
    if (!zg_lookup_group_static(sc, m, group, s, e)) *s = *e = 0;
}

static bool add_fact(zg_document *doc, zg_scanner *sc, const zg_match *m)
{
    size_t ns, ne, xs, xe, us, ue, ps, pe, qs, qe;
    group_range(sc, m, "num", &ns, &ne);
    group_range(sc, m, "mult", &xs, &xe);
    group_range(sc, m, "unit", &us, &ue);
    group_range(sc, m, "pre", &ps, &pe);
    group_range(sc, m, "post", &qs, &qe);
    if (ns >= ne || us >= ue) return true;

    char buf[96];
    size_t nlen = ne - ns, xlen = xe - xs;
    if (nlen + xlen >= sizeof buf) return true;
    memcpy(buf, doc->norm + ns, nlen);
    memcpy(buf + nlen, doc->norm + xs, xlen);
    const char *value = NULL;
    if (!zg_number_parse(&doc->arena, buf, nlen + xlen, &value) || !value) return true;

    zg_fact *f = zg_arena_push(&doc->arena, (void **)&doc->facts, &doc->n_facts, sizeof *f);
    if (!f) return false;
    f->kind = m->rule->yield;
    f->value = value;
    f->unit = zg_arena_strndup(&doc->arena, doc->norm + us, ue - us);
    f->approximate = pe > ps || qe > qs;
    f->span = zg_span_from_norm(doc, m->start, m->end);
    f->text = zg_sref_from_span(doc, f->span);
    return f->unit && f->text.s;
}

zg_status zg_extract_facts(zg_document *doc, zg_scanner *sc)
{
    if (!doc->norm || !sc) return ZG_OK;
    const zg_ruleset *set = ZG_SET(sc, "facts");
    zg_match m;
    size_t pos = 0;
    while (pos < doc->norm_len &&
           zg_match_leftmost(sc, set, doc->norm, pos, doc->norm_len, 0, &m) == 1) {
        size_t next = zg_meta_next(doc, &m);
        zg_match copy = m;
        if (!add_fact(doc, sc, &copy)) return ZG_ERR_NOMEM;
        pos = next;
    }
    return ZG_OK;
}
