/* The record: metadata, issues (headings, then tables), declared totals, facts, checks. */
#include "stages.h"

zg_status zg_extract_record(zg_document *doc, zg_scanner *sc, zg_error *err)
{
    (void)err;
    zg_status st = zg_extract_metadata(doc, sc);
    if (st == ZG_OK) st = zg_extract_issues(doc, sc);
    if (st == ZG_OK) st = zg_extract_table_issues(doc, sc);
    if (st == ZG_OK) st = zg_extract_declared(doc, sc);
    if (st == ZG_OK) st = zg_extract_facts(doc, sc);
    if (st == ZG_OK) st = zg_extract_checks(doc);
    return st;
}
