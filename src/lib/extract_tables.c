/* STUB (to be replaced): issues from 整改清单 tables. */
#include "stages.h"

zg_status zg_extract_table_issues(zg_document *doc, zg_scanner *sc) { (void)doc; (void)sc; return ZG_OK; }
