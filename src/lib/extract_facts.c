/* STUB (to be replaced): quantified outcomes. */
#include "stages.h"

zg_status zg_extract_facts(zg_document *doc, zg_scanner *sc) { (void)doc; (void)sc; return ZG_OK; }
