/* STUB (to be replaced). */
#include <stdio.h>
#include "stages.h"

int zg_date_find(zg_document *doc, zg_scanner *sc, size_t from, size_t to, const zg_date *ref,
                 zg_date_role role, zg_date *out, size_t *norm_end)
{
    (void)doc; (void)sc; (void)from; (void)to; (void)ref; (void)role; (void)out; (void)norm_end;
    return 0;
}

int zg_date_find_range(zg_document *doc, zg_scanner *sc, size_t from, size_t to,
                       const zg_date *ref, zg_date *start, zg_date *end, size_t *norm_end)
{
    (void)doc; (void)sc; (void)from; (void)to; (void)ref; (void)start; (void)end; (void)norm_end;
    return 0;
}

void zg_date_iso(const zg_date *d, char buf[11])
{
    unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u, dd = (unsigned)d->day % 100u;
    switch (d->precision) {
    case ZG_PREC_DAY: snprintf(buf, 11, "%04u-%02u-%02u", y, m, dd); break;
    case ZG_PREC_MONTH: snprintf(buf, 11, "%04u-%02u", y, m); break;
    case ZG_PREC_YEAR: snprintf(buf, 11, "%04u", y); break;
    default: buf[0] = '\0';
    }
}

int zg_days_in_month(int year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (month < 1 || month > 12) return 0;
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[month - 1];
}
