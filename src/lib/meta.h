/* Helpers shared by the metadata extractors (extract_meta.c, extract_contact.c,
 * extract_declared.c, extract_facts.c), extract_issues.c and reflow.c — internal. */
#ifndef ZG_META_H
#define ZG_META_H

#include "lookup.h"
#include "stages.h"

/** How far the opening of a notice (its title and first paragraphs) reaches, in bytes of norm: where
 *  it says who inspected whom and when, and what it reports. */
enum { ZG_META_OPENING_BYTES = 3000 };

/** The rule set `name` of the scanner's rules, or NULL. */
const zg_ruleset *zg_meta_set(zg_scanner *sc, const char *name);

/** Smallest norm offset whose text offset is >= text_off (inverse of zg_norm_to_text). */
size_t zg_meta_norm_from_text(const zg_document *doc, size_t text_off);

/** Move a norm offset back to the start of the UTF-8 character it falls in. */
size_t zg_meta_char_start(const zg_document *doc, size_t off);

/** Where a find-all loop continues after match m: its end, or the next character if it is empty. */
size_t zg_meta_next(const zg_document *doc, const zg_match *m);

/** zg_sref of the named group of the last match (in norm); s NULL if the group is absent. */
zg_sref zg_meta_group_sref(zg_document *doc, const zg_match *m, const char *group);

/**
 * The notice's title (extract_title.c) into doc->title, and in *title_end the norm offset where
 * its opening starts (after the title's line, or after a run-in title on the same line).
 */
void zg_meta_find_title(zg_document *doc, zg_scanner *sc, size_t *title_end);

/**
 * The inspection's feedback date: the first date in norm[from, to) whose clause says the findings
 * were handed over (rules feedback_cue, feedback_cue_before); `ref` supplies missing years (a
 * feedback month before a period's end month falls in the next year; not so with ref doc->date). False
 * if none. `plain`: every date up to `to` is tried, without the bound the remaining cues give (the
 * reference that bound is tested by).
 */
bool zg_meta_feedback(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                      const zg_date *ref, bool plain, zg_date *out);

/**
 * Contact channel (phones, emails, address) from norm[0, end): the notice's own text before its
 * signature; lines of site furniture are skipped.
 */
zg_status zg_extract_contact(zg_document *doc, zg_scanner *sc, size_t end);

/** zg_extract_contact; `plain`: every search from where the last one ended, without the start
 *  the email's @ gives (the reference that start is tested by). */
zg_status zg_meta_contact(zg_document *doc, zg_scanner *sc, size_t end, bool plain);

/**
 * Where a search for the set contact_email in norm[pos, end) may start: no match starts in
 * [pos, result); `end` when no match can lie in norm[pos, end) (it holds no @).
 */
size_t zg_meta_email_from(const zg_document *doc, size_t pos, size_t end);

#endif /* ZG_META_H */
