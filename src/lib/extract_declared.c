/* STUB (to be replaced): declared totals. */
#include "stages.h"

zg_status zg_extract_declared(zg_document *doc, zg_scanner *sc) { (void)doc; (void)sc; return ZG_OK; }
