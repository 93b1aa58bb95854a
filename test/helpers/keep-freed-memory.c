/*
 * Preloaded into the test processes only (test/helpers/keep-freed-memory.ts): DuckDB gives
 * every freed page back to the kernel whenever a database closes (its jemalloc's
 * arena.<all>.purge, then glibc's malloc_trim), and the next database of the same process
 * faults them in again. The suite opens and closes thousands of small databases in a few
 * long-lived workers; on a 2-core paravirtualised VM those faults and the TLB flushes of the
 * madvise calls cost more than the work itself (bootstrap of a new file 105 -> 60 ms CPU).
 * Only memory handed back early is skipped: no result can differ, RSS stays at its peak.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

int malloc_trim(size_t pad) {
  (void)pad;
  return 0;
}

typedef int (*mallctl_fn)(const char *, void *, size_t *, void *, size_t);

/* DuckDB's own jemalloc, exported from libduckdb.so: every other control passes through. */
int duckdb_je_mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen) {
  static mallctl_fn real;
  if (strstr(name, ".purge") != NULL) return 0;
  if (real == NULL) {
    /* loaded already (the caller is in it); RTLD_NEXT cannot see it: Node loads addons locally */
    void *duckdb = dlopen("libduckdb.so", RTLD_LAZY | RTLD_NOLOAD);
    if (duckdb != NULL) real = (mallctl_fn)dlsym(duckdb, "duckdb_je_mallctl");
    if (real == NULL) return 2; /* ENOENT, as jemalloc says of an unknown name */
  }
  return real(name, oldp, oldlenp, newp, newlen);
}
