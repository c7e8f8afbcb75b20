/* STUB (to be replaced): issues from the heading tree. */
#include "stages.h"

zg_status zg_extract_issues(zg_document *doc, zg_scanner *sc) { (void)doc; (void)sc; return ZG_OK; }
