/*
 * zg_render_number: integers below 2^53 print as plain digits (also -0 → "0"), everything else
 * in the shortest of %.15g / %.17g that reads back the same, non-finite values as null; the
 * returned length is the string's.
 */
#include <math.h>

#include "check.h"
#include "render.h"

static void expect(double v, const char *want)
{
    char buf[32];
    size_t n = zg_render_number(v, buf);
    CHECK_STR(buf, want);
    CHECK_INT(n, strlen(want));
}

int main(void)
{
    expect(0.0, "0");
    expect(-0.0, "0");
    expect(1.0, "1");
    expect(-1.0, "-1");
    expect(7.0, "7");
    expect(2561.0, "2561");
    expect(123456789.0, "123456789");
    expect(-987654321012.0, "-987654321012");
    expect(9007199254740991.0, "9007199254740991");   /* 2^53 - 1: still the integer path */
    expect(9007199254740992.0, "9007199254740992");   /* 2^53: %.15g loses it, %.17g does not */
    expect(1e20, "1e+20");
    expect(0.5, "0.5");
    expect(-2.5, "-2.5");
    expect(33.33, "33.33");
    expect(0.1, "0.1");
    expect(98.7, "98.7");
    expect(1e300, "1e+300");
    expect(NAN, "null");
    expect(INFINITY, "null");
    expect(-INFINITY, "null");
    CHECK_DONE();
}
