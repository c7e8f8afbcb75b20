/* STUB (to be replaced): the zhenggai command-line tool. */
#include <stdio.h>
#include "zhenggai.h"

int main(int argc, char **argv)
{
    (void)argc; (void)argv;
    printf("zhenggai %s\n", ZG_VERSION);
    return 0;
}
