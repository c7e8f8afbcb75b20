/* STUB (to be replaced): title, issuer, date, kind, inspection, contact. */
#include "stages.h"

zg_status zg_extract_metadata(zg_document *doc, zg_scanner *sc)
{
    (void)sc;
    doc->kind = "other";
    return ZG_OK;
}
