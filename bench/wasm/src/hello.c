/* hello: the startup benchmark (time and peak memory to run a WASI
   hello-world module). */
#include <stdio.h>

int main(void)
{
    puts("hello, world");
    return 0;
}
