#include "onepool_memory.h"

#include <malloc.h>

int onepool_give_back_free_memory(void) { return malloc_trim(0); }
