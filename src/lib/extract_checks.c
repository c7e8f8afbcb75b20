/* STUB (to be replaced): declared vs found. */
#include "stages.h"

zg_status zg_extract_checks(zg_document *doc) { (void)doc; return ZG_OK; }
