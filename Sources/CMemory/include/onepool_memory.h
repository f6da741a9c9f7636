#ifndef ONEPOOL_MEMORY_H
#define ONEPOOL_MEMORY_H

/* Gives the kernel back the heap pages that freed memory left whole (glibc's malloc_trim): a
   long import frees many table layouts and strings, and glibc keeps freed heap in the process
   otherwise, where it counts as resident memory. Returns 1 if memory was given back. */
int onepool_give_back_free_memory(void);

#endif
